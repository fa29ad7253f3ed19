import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";

describe("backoffDelay", () => {
  it("doubles from 0.5 s up to the cap, with 50-100 % jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(2, () => 0)).toBe(1000);
    expect(backoffDelay(0, () => 0.5, { baseMs: 100, maxMs: 1000 })).toBe(75);
  });
});
