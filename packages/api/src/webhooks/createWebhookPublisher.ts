import type { Db } from "@chatwright/db";
import type { ConversationPublisher, OutboundEvent } from "@chatwright/runtime";
import type { WebhookEventType } from "./webhookEvents";
import { enqueueWebhookEvent } from "./webhooks";

/**
 * The runtime's publisher with webhooks on the side: every event the runtime
 * and the inbox publish goes on to subscribers unchanged, and messages and
 * status changes become stored deliveries for the workspace's endpoints
 * (conversation.started with a conversation's first message, seq 1). Give
 * the same wrapped publisher to the runtime and the API services; only the
 * process that published enqueues, so several processes do not send twice.
 */
export function createWebhookPublisher(inner: ConversationPublisher, deps: { db: Db; now: () => Date; onError: (error: unknown) => void }): ConversationPublisher & { settled(): Promise<void> } {
  // One after another per conversation, so its deliveries are stored in the order its events
  // happened; conversations do not wait for each other (one chain for all would queue every
  // visitor turn's events behind each other's lookups).
  const tails = new Map<string, Promise<void>>();

  async function enqueueFor(event: OutboundEvent) {
    const types: { type: WebhookEventType; message?: boolean }[] = [];
    if (event.type === "message") {
      if (event.message.seq === 1) types.push({ type: "conversation.started" });
      types.push({ type: "message.created", message: true });
    } else if (event.type === "status" && event.status === "WAITING_AGENT") types.push({ type: "conversation.handed_off" });
    else if (event.type === "status" && event.status === "CLOSED") types.push({ type: "conversation.closed" });
    if (types.length === 0) return;
    const conversation = await deps.db.conversation.findUnique({
      where: { id: event.conversationId },
      select: { id: true, workspaceId: true, botId: true, channel: true, visitorId: true, status: true },
    });
    if (!conversation) return;
    const about = { conversationId: conversation.id, botId: conversation.botId, channel: conversation.channel, visitorId: conversation.visitorId, status: event.type === "status" ? event.status : conversation.status };
    for (const { type, message } of types) {
      const data =
        message && event.type === "message"
          ? { ...about, message: { id: event.message.id, seq: event.message.seq, role: event.message.role, text: event.message.text, createdAt: event.message.createdAt.toISOString() } }
          : about;
      await enqueueWebhookEvent(deps.db, { workspaceId: conversation.workspaceId, type, data, now: deps.now() });
    }
  }

  return {
    publish(event) {
      inner.publish(event);
      if (event.type !== "message" && event.type !== "status") return;
      const key = event.conversationId;
      const next: Promise<void> = (tails.get(key) ?? Promise.resolve())
        .then(() => enqueueFor(event))
        .catch(deps.onError)
        .finally(() => {
          if (tails.get(key) === next) tails.delete(key);
        });
      tails.set(key, next);
    },
    subscribe: (conversationId, listener) => inner.subscribe(conversationId, listener),
    publishInbox: (event) => inner.publishInbox(event),
    subscribeWorkspace: (workspaceId, listener) => inner.subscribeWorkspace(workspaceId, listener),
    /** Resolves when every enqueue started so far is stored (tests, shutdown). */
    async settled() {
      while (tails.size > 0) await Promise.all(tails.values());
    },
  };
}
