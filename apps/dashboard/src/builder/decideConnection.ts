import type { Connection } from "@xyflow/react";
import { createEdgeId, outputHandlesOf, type BuilderEdge, type BuilderGraph } from "./graph";

export type ConnectionDecision =
  /** A new link; nothing else changes. */
  | { kind: "add"; edge: BuilderEdge }
  /** The output already leads elsewhere: ask "Replace the link to X?" before `replaced` goes. */
  | { kind: "askToReplace"; edge: BuilderEdge; replaced: BuilderEdge }
  /** Nothing to do: the link exists already, or it could not exist (unknown step or output, into Start). */
  | { kind: "ignore" };

/**
 * What drawing a link from an output to a step does.
 *
 * The decision, for a shop owner: an output is one branch of the conversation
 * ("resolved", "not found") and a branch goes on to exactly one step, so an
 * output holds one link. Drawing a second one from it used to move the link
 * without a word, and a link drawn an hour ago was gone without her noticing;
 * now she is asked "Replace the link to X?" and nothing changes until she says
 * yes. A step's input takes any number of links (many branches may come back
 * to "Wait for a message"), so linking into a step that already has links just
 * adds one.
 */
export function decideConnection(graph: BuilderGraph, connection: Connection): ConnectionDecision {
  const source = graph.nodes.find((node) => node.id === connection.source);
  const target = graph.nodes.find((node) => node.id === connection.target);
  if (!source || !target || target.type === "start") return { kind: "ignore" };
  const handles = outputHandlesOf(source);
  const handle = connection.sourceHandle ?? (handles.length === 1 ? handles[0] : undefined);
  if (handle === undefined || !handles.includes(handle)) return { kind: "ignore" };
  const current = graph.edges.find((edge) => edge.source === source.id && (edge.sourceHandle ?? "next") === handle);
  if (current?.target === target.id) return { kind: "ignore" };
  const others = graph.edges.filter((edge) => edge !== current);
  const edge: BuilderEdge = { id: createEdgeId(source.id, handle, target.id, new Set(others.map((other) => other.id))), source: source.id, sourceHandle: handle, target: target.id };
  return current ? { kind: "askToReplace", edge, replaced: current } : { kind: "add", edge };
}
