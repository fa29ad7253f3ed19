import { labelHandle } from "./describeIssueOnCard";
import type { BuilderEdge } from "./graph";

/** The question decideConnection's "askToReplace" puts to the owner, with the steps' names on the canvas. */
export function describeReplaceQuestion(pending: { edge: BuilderEdge; replaced: BuilderEdge }, names: ReadonlyMap<string, string>): { title: string; body: string } {
  const nameOf = (id: string) => `“${names.get(id) ?? id}”`;
  const output = labelHandle(pending.edge.sourceHandle ?? "next");
  const from = output ? `The “${output}” output of ${nameOf(pending.edge.source)}` : nameOf(pending.edge.source);
  return {
    title: `Replace the link to ${nameOf(pending.replaced.target)}?`,
    body: `${from} goes on to ${nameOf(pending.replaced.target)}. An output leads to one step, so linking it to ${nameOf(pending.edge.target)} removes that link.`,
  };
}
