import { describe, expect, it } from "vitest";
import { computeBackoffMs, sleepFor } from "./computeBackoffMs.ts";

const options = (random: number) => ({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => random });

describe("computeBackoffMs", () => {
  it("doubles per retry with jitter between half and all of the step", () => {
    expect([0, 1, 2, 3].map((retry) => computeBackoffMs(retry, options(0)))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((retry) => computeBackoffMs(retry, options(0.999999)))).toEqual([100, 200, 400, 800]);
  });

  it("never waits longer than the maximum", () => {
    expect(computeBackoffMs(10, options(0.999999))).toBe(1_000);
    expect(computeBackoffMs(0, options(0), 60_000)).toBe(1_000);
  });

  it("waits as long as Retry-After asks when that is longer", () => {
    expect(computeBackoffMs(0, options(0), 700)).toBe(700);
    expect(computeBackoffMs(2, options(0), 10)).toBe(200);
  });
});

describe("sleepFor", () => {
  it("rejects with the abort reason", async () => {
    const controller = new AbortController();
    const waiting = sleepFor(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    await expect(sleepFor(1)).resolves.toBeUndefined();
  });
});
