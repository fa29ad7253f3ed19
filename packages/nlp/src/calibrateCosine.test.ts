import { describe, expect, it } from "vitest";
import { backgroundCosine, calibrateCosine, PRIOR_BACKGROUND_COSINE } from "./calibrateCosine.ts";

describe("backgroundCosine", () => {
  it("is the mean over all passages but the best", () => {
    // 21 passages: the best at 0.95, twenty others at 0.7 (a model with a high baseline)
    expect(backgroundCosine(0.95 + 20 * 0.7, 21, 0.95)).toBeCloseTo(0.7, 10);
    expect(backgroundCosine(0.6 + 0.1, 2, 0.6)).toBeCloseTo(0.1, 10);
  });
  it("falls back to the prior with one passage or bad numbers", () => {
    expect(backgroundCosine(0.9, 1, 0.9)).toBe(PRIOR_BACKGROUND_COSINE);
    expect(backgroundCosine(Number.NaN, 5, 0.9)).toBe(PRIOR_BACKGROUND_COSINE);
    expect(backgroundCosine(0, 0, 0)).toBe(PRIOR_BACKGROUND_COSINE);
  });
});

describe("calibrateCosine", () => {
  it("maps the background to 0 and an identical text to 1, whatever the model's baseline", () => {
    expect(calibrateCosine(0.7, 0.7)).toBe(0);
    expect(calibrateCosine(1, 0.7)).toBe(1);
    expect(calibrateCosine(0.85, 0.7)).toBeCloseTo(0.5, 10);
    expect(calibrateCosine(0.6, 0.2)).toBeCloseTo(0.5, 10);
    // below the background is nothing, not negative
    expect(calibrateCosine(0.1, 0.2)).toBe(0);
  });
  it("caps a background near 1 and survives bad numbers", () => {
    expect(calibrateCosine(0.95, 0.99)).toBeCloseTo(0.5, 10);
    expect(calibrateCosine(Number.NaN, 0.2)).toBe(0);
    expect(calibrateCosine(0.6, Number.NaN)).toBeCloseTo(0.5, 10);
  });
});
