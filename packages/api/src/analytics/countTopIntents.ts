import type { NodeIndex } from "./summarizeAnalytics";

export interface TopIntents {
  /** visitor messages an intent node recognised */
  recognised: number;
  /** visitor messages no intent matched (the intent node's fallback) */
  notRecognised: number;
  /** most recognised first */
  intents: { name: string; count: number }[];
}

/**
 * What visitors ask about: the intents the flow's intent nodes recognised,
 * summed over the nodes and versions that recognise them, from the node
 * outcome counts.
 */
export function countTopIntents(
  outcomes: readonly { flowVersionId: string; nodeId: string; handle: string; count: number }[],
  graphs: ReadonlyMap<string, NodeIndex>,
  limit = 10,
): TopIntents {
  const byIntent = new Map<string, number>();
  let recognised = 0;
  let notRecognised = 0;
  for (const row of outcomes) {
    if (graphs.get(row.flowVersionId)?.get(row.nodeId)?.type !== "intent") continue;
    if (row.handle === "fallback") {
      notRecognised += row.count;
      continue;
    }
    recognised += row.count;
    byIntent.set(row.handle, (byIntent.get(row.handle) ?? 0) + row.count);
  }
  const intents = [...byIntent.entries()].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { recognised, notRecognised, intents: intents.slice(0, limit) };
}
