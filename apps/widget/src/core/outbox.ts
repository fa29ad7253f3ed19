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
  /** Why the server refused it for good (a 4xx): it waits for the visitor to retry or delete it. */
  failure?: string;
}

/**
 * Messages the visitor sent that the server has not confirmed yet, kept in
 * storage so a reload or a lost connection resends them (with the same
 * clientMessageId, so the server stores each once). A message the server
 * refused for good stays, marked, out of the queue: one bad message never
 * holds up the others.
 */
export interface Outbox {
  /** Still to send, in order. */
  pending(conversationId: string): OutgoingMessage[];
  /** Refused for good, waiting for the visitor. */
  failed(conversationId: string): OutgoingMessage[];
  add(message: OutgoingMessage): void;
  /** The server has it (or the visitor deleted it); returns false when it was not in the outbox. */
  acknowledge(clientMessageId: string): boolean;
  fail(clientMessageId: string, failure: string): void;
  /** Back in the queue, after what is already in it. */
  retry(clientMessageId: string): void;
  clear(): void;
}

export function createOutbox(store: KeyValueStore, key: string): Outbox {
  const read = (): OutgoingMessage[] => {
    try {
      const value: unknown = JSON.parse(store.get(key) || "[]");
      return Array.isArray(value)
        ? value.filter(
            (m): m is OutgoingMessage =>
              typeof m === "object" && m !== null && typeof m.clientMessageId === "string" && typeof m.text === "string" && typeof m.conversationId === "string" && (m.failure === undefined || typeof m.failure === "string"),
          )
        : [];
    } catch {
      return [];
    }
  };
  let messages = read();
  const save = () => (messages.length ? store.set(key, JSON.stringify(messages)) : store.remove(key));
  const of = (conversationId: string, isFailed: boolean) => messages.filter((m) => m.conversationId === conversationId && Boolean(m.failure) === isFailed);
  return {
    pending: (conversationId) => of(conversationId, false),
    failed: (conversationId) => of(conversationId, true),
    add(message) {
      messages = [...messages, message];
      save();
    },
    fail(clientMessageId, failure) {
      messages = messages.map((m) => (m.clientMessageId === clientMessageId ? { ...m, failure } : m));
      save();
    },
    retry(clientMessageId) {
      const message = messages.find((m) => m.clientMessageId === clientMessageId);
      if (!message) return;
      messages = [...messages.filter((m) => m !== message), { clientMessageId, conversationId: message.conversationId, text: message.text }];
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
