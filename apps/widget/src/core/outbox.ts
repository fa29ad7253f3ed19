/** Key-value storage as the widget uses it (localStorage in the page, a Map in tests). */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface OutgoingMessage {
  clientMessageId: string;
  conversationId: string;
  text: string;
}

/**
 * Messages the visitor sent that the server has not confirmed yet, kept in
 * storage so a reload or a lost connection resends them (with the same
 * clientMessageId, so the server stores each once).
 */
export interface Outbox {
  pending(conversationId: string): OutgoingMessage[];
  add(message: OutgoingMessage): void;
  /** The server has it; returns false when it was not pending. */
  acknowledge(clientMessageId: string): boolean;
  clear(): void;
}

export function createOutbox(store: KeyValueStore, key: string): Outbox {
  const read = (): OutgoingMessage[] => {
    try {
      const value: unknown = JSON.parse(store.get(key) ?? "[]");
      return Array.isArray(value)
        ? value.filter((m): m is OutgoingMessage => typeof m === "object" && m !== null && typeof m.clientMessageId === "string" && typeof m.text === "string" && typeof m.conversationId === "string")
        : [];
    } catch {
      return [];
    }
  };
  let messages = read();
  const save = () => (messages.length ? store.set(key, JSON.stringify(messages)) : store.remove(key));
  return {
    pending: (conversationId) => messages.filter((m) => m.conversationId === conversationId),
    add(message) {
      messages = [...messages, message];
      save();
    },
    acknowledge(clientMessageId) {
      const before = messages.length;
      messages = messages.filter((m) => m.clientMessageId !== clientMessageId);
      save();
      return messages.length !== before;
    },
    clear() {
      messages = [];
      save();
    },
  };
}
