import type { ConversationPublisher, OutboundEvent } from "./outbound";

/**
 * Fan-out inside one process. With several processes the server swaps in a
 * Redis-backed publisher with the same interface (DESIGN.md §7).
 */
export function createInProcessPublisher(): ConversationPublisher {
  const listeners = new Map<string, Set<(event: OutboundEvent) => void>>();
  return {
    publish(event) {
      for (const listener of listeners.get(event.conversationId) ?? []) {
        try {
          listener(event);
        } catch {
          // One broken subscriber must not stop the others.
        }
      }
    },
    subscribe(conversationId, listener) {
      let set = listeners.get(conversationId);
      if (!set) {
        set = new Set();
        listeners.set(conversationId, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(conversationId);
      };
    },
  };
}
