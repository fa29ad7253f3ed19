import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rateLimits";

describe("rate limiter", () => {
  it("counts all keys or none, and opens again after the window", async () => {
    const limiter = createRateLimiter();
    const rule = { limit: 2, windowMs: 1000 };
    const ipHit = { key: "ip:1", rule: { limit: 3, windowMs: 1000 } };
    const hits = [{ key: "visitor:a", rule }, ipHit];
    expect(await limiter.take(hits, 0)).toEqual({ ok: true });
    expect(await limiter.take(hits, 10)).toEqual({ ok: true });
    expect(await limiter.take(hits, 20)).toEqual({ ok: false, key: "visitor:a", retryAfterMs: 980 });
    // The refused call did not count against the IP: one more from another visitor still fits.
    expect(await limiter.take([{ key: "visitor:b", rule }, ipHit], 30)).toEqual({ ok: true });
    expect(await limiter.take(hits, 1000)).toEqual({ ok: true });
  });
});
