import { describe, expect, it } from "vitest";
import { chooseFitPadding } from "./chooseFitPadding";

const corner = { width: 175, height: 125 };

describe("chooseFitPadding", () => {
  it("gives up the bottom for a wide flow: the steps sit above the mini map and stay large", () => {
    expect(chooseFitPadding({ flow: { width: 1400, height: 400 }, view: { width: 700, height: 560 }, corner })).toEqual({ top: "40px", left: "40px", right: "40px", bottom: "165px" });
  });

  it("gives up the right side for a tall flow: the steps sit left of the mini map", () => {
    expect(chooseFitPadding({ flow: { width: 300, height: 1600 }, view: { width: 700, height: 560 }, corner })).toEqual({ top: "40px", left: "40px", bottom: "40px", right: "215px" });
  });

  it("pads evenly when there is no mini map", () => {
    expect(chooseFitPadding({ flow: { width: 300, height: 1600 }, view: { width: 360, height: 500 }, corner: { width: 0, height: 0 } })).toEqual({ top: "40px", right: "40px", bottom: "40px", left: "40px" });
  });
});
