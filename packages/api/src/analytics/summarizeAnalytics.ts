import { getNodeType, isNodeTypeName } from "@chatwright/flow";

/** The nodes whose results say whether the visitor's question was understood. */
const UNDERSTANDING_NODE_TYPES: ReadonlySet<string> = new Set(["intent", "faq", "llm"]);
/** Results of those nodes that mean "not understood": the intent node's fallback, the knowledge answer's notFound. */
const MISS_HANDLES: ReadonlySet<string> = new Set(["fallback", "notFound"]);

export interface GraphNodeInfo {
  type: string;
  label: string | null;
}

/** A flow version's nodes by id (from its stored graph). */
export type NodeIndex = ReadonlyMap<string, GraphNodeInfo>;

/** One turn's results as stored in its `path` event, with the visitor message it answered. */
export interface TurnResults {
  conversationId: string;
  flowVersionId: string;
  results: readonly (readonly [string, string])[];
  text: string | null;
  at: Date;
}

export interface NodeOutcome {
  nodeId: string;
  /** "Answer from knowledge base", "Recognise intent"… (the node type's title) */
  title: string;
  label: string | null;
  handle: string;
  count: number;
  /** the handle means the visitor was not understood there */
  isMiss: boolean;
}

export interface UnansweredQuestion {
  text: string;
  count: number;
  lastAskedAt: Date;
}

/** Reads a graph's nodes (id, type, label) without trusting its shape: old versions are stored JSON. */
export function indexGraphNodes(graph: unknown): Map<string, GraphNodeInfo> {
  const index = new Map<string, GraphNodeInfo>();
  const nodes = typeof graph === "object" && graph !== null && "nodes" in graph && Array.isArray(graph.nodes) ? (graph.nodes as unknown[]) : [];
  for (const node of nodes) {
    if (typeof node !== "object" || node === null) continue;
    const { id, type, data } = node as { id?: unknown; type?: unknown; data?: unknown };
    if (typeof id !== "string" || typeof type !== "string") continue;
    const rawLabel = typeof data === "object" && data !== null && "label" in data ? (data as { label?: unknown }).label : undefined;
    const label = typeof rawLabel === "string" && rawLabel.trim() !== "" ? rawLabel.trim() : null;
    index.set(id, { type, label });
  }
  return index;
}

/** A `path` event's results as stored JSON: the well-formed [nodeId, handle] pairs, in order. */
export function readTurnResults(value: unknown): [string, string][] {
  if (!Array.isArray(value)) return [];
  const results: [string, string][] = [];
  for (const pair of value as unknown[]) {
    if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string") results.push([pair[0], pair[1]]);
  }
  return results;
}

/** A node type's title ("Answer from knowledge base"); an unknown type keeps its name. */
export const titleOf = (type: string): string => (isNodeTypeName(type) ? getNodeType(type).title : type);

/**
 * Whether a turn left the visitor without an answer: the last result of an
 * intent / knowledge / AI node in it was a miss. An intent fallback that
 * led on to a knowledge answer that answered is not a miss.
 */
export function isUnansweredTurn(turn: Pick<TurnResults, "results">, nodes: NodeIndex | undefined): boolean {
  let last: string | null = null;
  for (const [nodeId, handle] of turn.results) {
    const type = nodes?.get(nodeId)?.type;
    if (type !== undefined && UNDERSTANDING_NODE_TYPES.has(type)) last = handle;
  }
  return last !== null && MISS_HANDLES.has(last);
}

/** Counts per node and output, most frequent first, with the node's title and label from the version it ran on. */
export function countNodeOutcomes(rows: readonly { flowVersionId: string; nodeId: string; handle: string; count: number }[], graphs: ReadonlyMap<string, NodeIndex>): NodeOutcome[] {
  const byKey = new Map<string, NodeOutcome>();
  for (const row of rows) {
    const info = graphs.get(row.flowVersionId)?.get(row.nodeId);
    const type = info?.type ?? "unknown";
    // The same node across versions is one line; a node deleted since keeps its last known name.
    const key = `${row.nodeId}\u0000${row.handle}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.count += row.count;
      continue;
    }
    byKey.set(key, {
      nodeId: row.nodeId,
      title: titleOf(type),
      label: info?.label ?? null,
      handle: row.handle,
      count: row.count,
      isMiss: UNDERSTANDING_NODE_TYPES.has(type) && MISS_HANDLES.has(row.handle),
    });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.nodeId.localeCompare(b.nodeId) || a.handle.localeCompare(b.handle));
}

const questionKey = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, " ").replace(/[?!.\s]+$/, "");

/**
 * The questions the bot could not answer, grouped case- and
 * punctuation-insensitively, most asked first: what to add to the
 * knowledge base or the intents next. `conversationIds`: the conversations
 * they were asked in (such a conversation was not handled by the bot).
 */
export function collectUnansweredQuestions(
  turns: readonly TurnResults[],
  graphs: ReadonlyMap<string, NodeIndex>,
  limit = 20,
): { total: number; top: UnansweredQuestion[]; conversationIds: Set<string> } {
  const groups = new Map<string, UnansweredQuestion>();
  const conversationIds = new Set<string>();
  let total = 0;
  for (const turn of turns) {
    if (turn.text === null || !isUnansweredTurn(turn, graphs.get(turn.flowVersionId))) continue;
    total += 1;
    conversationIds.add(turn.conversationId);
    const key = questionKey(turn.text);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { text: turn.text.trim(), count: 1, lastAskedAt: turn.at });
      continue;
    }
    group.count += 1;
    if (turn.at > group.lastAskedAt) {
      group.lastAskedAt = turn.at;
      group.text = turn.text.trim();
    }
  }
  const top = [...groups.values()].sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime()).slice(0, limit);
  return { total, top, conversationIds };
}

/** `days` consecutive UTC days ending with `to`'s day, as YYYY-MM-DD, oldest first. */
export function dayRange(to: Date, days: number): string[] {
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}
