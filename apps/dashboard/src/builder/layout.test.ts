import { describe, expect, it } from "vitest";
import { layoutFlow } from "./layout";

describe("layoutFlow", () => {
  it("puts each node one layer below its parent and siblings side by side", () => {
    const nodes = [{ id: "faq" }, { id: "start" }, { id: "listen" }, { id: "intent" }, { id: "handoff" }];
    const edges = [
      { source: "start", target: "listen" },
      { source: "listen", target: "intent" },
      { source: "intent", target: "faq" },
      { source: "intent", target: "handoff" },
      { source: "faq", target: "listen" },
    ];
    const positions = layoutFlow(nodes, edges, { roots: ["start"], rowHeight: 100, columnWidth: 200 });
    expect(positions.get("start")).toEqual({ x: 0, y: 0 });
    expect(positions.get("listen")).toEqual({ x: 0, y: 100 });
    expect(positions.get("intent")).toEqual({ x: 0, y: 200 });
    expect(positions.get("faq")?.y).toBe(300);
    expect(positions.get("handoff")?.y).toBe(300);
    expect(Math.abs((positions.get("faq")?.x ?? 0) - (positions.get("handoff")?.x ?? 0))).toBe(200);
  });

  it("places every node exactly once without overlaps, including cycles and islands", () => {
    const nodes = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}` }));
    const edges = nodes.flatMap((node, i) => [
      { source: node.id, target: `n${(i * 7 + 3) % 30}` },
      { source: node.id, target: `n${(i + 1) % 30}` },
      { source: node.id, target: "missing" },
    ]);
    const positions = layoutFlow([...nodes, { id: "island" }], edges);
    expect(positions.size).toBe(31);
    const spots = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(31);
  });
});
