import { describe, expect, it } from "vitest";
import { CARD_WIDTH, estimateLabelWidth, placeEdgeLabels } from "./placeEdgeLabels";

const outputs = (...labels: string[]) => labels.map((label) => ({ handle: label, label, isShown: true }));

describe("placeEdgeLabels", () => {
  it("puts a handoff's three branch labels side by side under their own handles", () => {
    expect(placeEdgeLabels(outputs("resolved", "returned", "offline"))).toEqual(
      new Map([
        ["resolved", 0],
        ["returned", 0],
        ["offline", 0],
      ]),
    );
  });

  it("drops a label that would touch its neighbour to the next row, and reuses a row once there is room again", () => {
    expect([...placeEdgeLabels(outputs("order_status", "returns", "shipping", "talk_to_human")).values()]).toEqual([0, 1, 0, 1]);
  });

  it("never lets two labels of one row overlap, even with many intents on a narrow card", () => {
    const all = outputs("order_status", "returns", "shipping", "product_help", "talk_to_human", "fallback");
    const rows = placeEdgeLabels(all);
    const spans = all.map((output, index) => {
      const centre = ((index + 0.5) / all.length) * CARD_WIDTH;
      const half = estimateLabelWidth(output.label) / 2;
      return { row: rows.get(output.handle), left: centre - half, right: centre + half };
    });
    for (const a of spans) for (const b of spans) if (a !== b && a.row === b.row) expect(a.right <= b.left || b.right <= a.left).toBe(true);
    expect(Math.max(...rows.values())).toBeLessThanOrEqual(3);
  });

  it("leaves out outputs without a labelled connection and the unnamed 'next' output, but keeps their room", () => {
    const rows = placeEdgeLabels([
      { handle: "next", label: "", isShown: true },
      { handle: "invalid", label: "invalid", isShown: true },
      { handle: "answered", label: "answered", isShown: false },
    ]);
    expect(rows).toEqual(new Map([["invalid", 0]]));
  });
});
