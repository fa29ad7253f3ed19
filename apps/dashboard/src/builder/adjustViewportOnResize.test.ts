import { describe, expect, it } from "vitest";
import { adjustViewportOnResize } from "./adjustViewportOnResize";

describe("adjustViewportOnResize", () => {
  it("fits again when the whole flow was in view", () => {
    expect(adjustViewportOnResize({ flow: { x: 0, y: 0, width: 800, height: 300 }, viewport: { x: 40, y: 40, zoom: 1 }, before: { width: 970, height: 560 }, after: { width: 680, height: 560 } })).toBe("fit");
  });

  it("keeps the middle of the view where it was when the owner had zoomed in on a part", () => {
    expect(adjustViewportOnResize({ flow: { x: 0, y: 0, width: 2000, height: 900 }, viewport: { x: -300, y: -100, zoom: 1.5 }, before: { width: 970, height: 560 }, after: { width: 680, height: 560 } })).toEqual({
      x: -445,
      y: -100,
      zoom: 1.5,
    });
  });
});
