import { describe, expect, it } from "vitest";
import { LABEL_FIRST_ROW, LABEL_ROW_HEIGHT, routeLabelledEdge } from "./routeLabelledEdge";

describe("routeLabelledEdge", () => {
  it("hangs the label under the handle, one row further down per row", () => {
    expect(routeLabelledEdge({ sourceY: 100, targetY: 400, row: 0 }).labelY).toBe(100 + LABEL_FIRST_ROW);
    expect(routeLabelledEdge({ sourceY: 100, targetY: 400, row: 2 }).labelY).toBe(100 + LABEL_FIRST_ROW + 2 * LABEL_ROW_HEIGHT);
  });

  it("keeps the default half-way turn when it is already below the label", () => {
    expect(routeLabelledEdge({ sourceY: 100, targetY: 400, row: 0 })).toMatchObject({ offset: 20, centerY: undefined });
  });

  it("turns below the label when the next step is close underneath", () => {
    const route = routeLabelledEdge({ sourceY: 100, targetY: 190, row: 2 });
    expect(route.centerY).toBeGreaterThan(route.labelY);
    expect(route.centerY).toBeLessThan(190);
  });

  it("drops a loop back up past its label before it turns", () => {
    const route = routeLabelledEdge({ sourceY: 300, targetY: 50, row: 1 });
    expect(300 + route.offset).toBeGreaterThan(route.labelY);
    expect(route.centerY).toBeUndefined();
  });
});
