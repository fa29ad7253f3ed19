import type { ConversationPublisher, InboxEvent, OutboundEvent } from "./outbound";

/** Listeners per topic; one broken subscriber must not stop the others. */
function createTopics<E>() {
  const listeners = new Map<string, Set<(event: E) => void>>();
  return {
    emit(topic: string, event: E) {
      for (const listener of listeners.get(topic) ?? []) {
        try {
          listener(event);
        } catch {
          // Ignored on purpose: see above.
        }
      }
    },
    on(topic: string, listener: (event: E) => void): () => void {
      let set = listeners.get(topic);
      if (!set) {
        set = new Set();
        listeners.set(topic, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(topic);
      };
    },
  };
}

/**
 * Fan-out inside one process. With several processes the server swaps in
 * `@chatwright/redis`'s publisher, which uses this one for its own process's
 * subscribers and Redis pub/sub between processes (ARCHITECTURE.md, "Several processes").
 */
export function createInProcessPublisher(): ConversationPublisher {
  const conversations = createTopics<OutboundEvent>();
  const inboxes = createTopics<InboxEvent>();
  return {
    publish: (event) => conversations.emit(event.conversationId, event),
    subscribe: (conversationId, listener) => conversations.on(conversationId, listener),
    publishInbox: (event) => inboxes.emit(event.workspaceId, event),
    subscribeWorkspace: (workspaceId, listener) => inboxes.on(workspaceId, listener),
  };
}
