import { describe, expect, it } from "vitest";
import { decideConnection } from "./decideConnection";
import type { BuilderGraph } from "./graph";

const graph: BuilderGraph = {
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting: "Hi" } },
    { id: "listen", type: "listen", position: { x: 0, y: 100 }, data: {} },
    { id: "help", type: "handoff", position: { x: 0, y: 200 }, data: {} },
    { id: "end", type: "end", position: { x: 0, y: 300 }, data: {} },
  ],
  edges: [
    { id: "start-next-listen", source: "start", sourceHandle: "next", target: "listen" },
    { id: "help-resolved-listen", source: "help", sourceHandle: "resolved", target: "listen" },
  ],
};
const link = (source: string, sourceHandle: string | null, target: string) => ({ source, sourceHandle, target, targetHandle: null });

describe("decideConnection", () => {
  it("adds a link from a free output", () => {
    expect(decideConnection(graph, link("help", "returned", "listen"))).toEqual({
      kind: "add",
      edge: { id: "help-returned-listen", source: "help", sourceHandle: "returned", target: "listen" },
    });
  });

  it("adds a link into a step that already has links: an input takes many", () => {
    expect(decideConnection(graph, link("listen", "next", "help"))).toMatchObject({ kind: "add" });
    expect(decideConnection(graph, link("help", "offline", "listen"))).toMatchObject({ kind: "add" });
  });

  it("asks before an output's link to another step is replaced, and says which link would go", () => {
    expect(decideConnection(graph, link("help", "resolved", "end"))).toEqual({
      kind: "askToReplace",
      edge: { id: "help-resolved-end", source: "help", sourceHandle: "resolved", target: "end" },
      replaced: graph.edges[1],
    });
  });

  it("ignores a link that is already there, one into Start, and outputs or steps that do not exist", () => {
    expect(decideConnection(graph, link("help", "resolved", "listen"))).toEqual({ kind: "ignore" });
    expect(decideConnection(graph, link("listen", "next", "start"))).toEqual({ kind: "ignore" });
    expect(decideConnection(graph, link("help", "nope", "end"))).toEqual({ kind: "ignore" });
    expect(decideConnection(graph, link("ghost", "next", "end"))).toEqual({ kind: "ignore" });
  });

  it("takes a single-output step's only output when the drag did not say which", () => {
    expect(decideConnection(graph, link("listen", null, "end"))).toMatchObject({ kind: "add", edge: { sourceHandle: "next" } });
  });
});
