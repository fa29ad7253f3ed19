import type { FlowOutput } from "@chatwright/flow";
import type { NewConversationEvent } from "./queries/events";

/** A bot reply before it has a sequence number (given under the lease, at finish). */
export interface DraftReply {
  text: string;
  nodeId: string | null;
  quickReplies: string[];
  /** What the answer was taken from (knowledge titles or addresses), shown under it. */
  sources?: string[];
}

/** A turn's `path` event (analytics): the nodes it passed through, which output each task node took, and the visitor message it answered. */
export interface TurnPath {
  entered: string[];
  left: string[];
  /** [nodeId, handle] in order, e.g. ["faq-1", "notFound"] */
  results: [string, string][];
  message?: string;
}

/**
 * What a turn's outputs mean for storage: the replies in order and the
 * conversation events, with one `path` event for the nodes passed through
 * (analytics) rather than one per node — it is most of a turn's writes.
 */
export function collectTurnOutputs(
  outputs: readonly FlowOutput[],
  context: { conversation: { id: string; workspaceId: string }; activeNodeId: string | null; inReplyToId: string | null; at: Date },
): { replies: DraftReply[]; events: NewConversationEvent[] } {
  const replies: DraftReply[] = [];
  const events: NewConversationEvent[] = [];
  const path: TurnPath = { entered: [], left: [], results: [], ...(context.inReplyToId ? { message: context.inReplyToId } : {}) };
  const event = (type: string, nodeId: string | null, data: unknown = {}) =>
    events.push({ workspaceId: context.conversation.workspaceId, conversationId: context.conversation.id, type, nodeId, data, createdAt: context.at });
  for (const output of outputs) {
    switch (output.type) {
      case "message":
        replies.push({ text: output.text, nodeId: output.nodeId, quickReplies: output.quickReplies ?? [], ...(output.sources?.length ? { sources: output.sources } : {}) });
        break;
      case "handoff":
        // Offline, the message is the node's offline one: the visitor hears so now rather than waiting in silence.
        replies.push({ text: output.message, nodeId: output.nodeId, quickReplies: [] });
        event("handoff", output.nodeId, output.isOffline ? { offline: true } : {});
        break;
      case "handoffOffline":
        event("handoffOffline", output.nodeId);
        break;
      case "ended":
        event("ended", output.nodeId);
        break;
      case "nodeEntered":
        path.entered.push(output.nodeId);
        break;
      case "nodeLeft":
        path.left.push(output.nodeId);
        break;
      case "nodeResult":
        path.results.push([output.nodeId, output.handle]);
        break;
      case "token":
        break;
    }
  }
  if (path.entered.length > 0 || path.left.length > 0) event("path", context.activeNodeId, path);
  return { replies, events };
}
