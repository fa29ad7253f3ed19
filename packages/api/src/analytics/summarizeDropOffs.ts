import { isUnansweredTurn, titleOf, type NodeIndex } from "./summarizeAnalytics";

/** A conversation that went quiet in the bot's hands: the step its flow waits at, and the results of its last turn. */
export interface StoppedConversation {
  flowVersionId: string;
  nodeId: string;
  lastResults: readonly (readonly [string, string])[] | null;
}

export interface DropOff {
  nodeId: string;
  /** the node type's name ("ask", "listen"…) */
  type: string;
  title: string;
  label: string | null;
  /** conversations that stopped here */
  stopped: number;
  /** of those, the ones whose last question the bot could not answer */
  afterUnanswered: number;
  /** conversations that came to this step at all */
  reached: number;
}

/**
 * Where visitors stop: the steps the bot was waiting at when their
 * conversations went quiet, most first, with how many reached the step and
 * how many stopped right after a question the bot could not answer. A node
 * is one line across the flow's versions.
 */
export function summarizeDropOffs(input: {
  stopped: readonly StoppedConversation[];
  reached: readonly { flowVersionId: string; nodeId: string; count: number }[];
  graphs: ReadonlyMap<string, NodeIndex>;
  limit?: number;
}): DropOff[] {
  const byNode = new Map<string, DropOff>();
  for (const conversation of input.stopped) {
    const nodes = input.graphs.get(conversation.flowVersionId);
    let entry = byNode.get(conversation.nodeId);
    if (!entry) {
      const info = nodes?.get(conversation.nodeId);
      const type = info?.type ?? "unknown";
      entry = { nodeId: conversation.nodeId, type, title: titleOf(type), label: info?.label ?? null, stopped: 0, afterUnanswered: 0, reached: 0 };
      byNode.set(conversation.nodeId, entry);
    }
    entry.stopped += 1;
    if (conversation.lastResults && isUnansweredTurn({ results: conversation.lastResults }, nodes)) entry.afterUnanswered += 1;
  }
  for (const row of input.reached) {
    const entry = byNode.get(row.nodeId);
    if (entry) entry.reached += row.count;
  }
  for (const entry of byNode.values()) entry.reached = Math.max(entry.reached, entry.stopped);
  return [...byNode.values()].sort((a, b) => b.stopped - a.stopped || a.nodeId.localeCompare(b.nodeId)).slice(0, input.limit ?? 8);
}
