import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateLimiter } from "@chatwright/api";
import { createRedisRateLimiter } from "./createRedisRateLimiter";
import { connectTestRedis, type TestRedis } from "./testing";

// Two limiters on one Redis stand for two server processes.
let redis: TestRedis;
let a: RateLimiter;
let b: RateLimiter;

beforeAll(async () => {
  redis = await connectTestRedis();
  a = createRedisRateLimiter((await redis.connect()).commands, { prefix: redis.prefix });
  b = createRedisRateLimiter((await redis.connect()).commands, { prefix: redis.prefix });
});
afterAll(async () => {
  await redis?.cleanUp();
});

const start = Date.parse("2026-03-01T12:00:00Z");

describe("the Redis rate limiter", () => {
  it("counts all keys or none, answers the blocked key and the wait, and opens again after the window", async () => {
    const rule = { limit: 2, windowMs: 1000 };
    const ipHit = { key: "ip:1", rule: { limit: 3, windowMs: 1000 } };
    const hits = [{ key: "visitor:a", rule }, ipHit];
    expect(await a.take(hits, start)).toEqual({ ok: true });
    expect(await a.take(hits, start + 10)).toEqual({ ok: true });
    expect(await a.take(hits, start + 20)).toEqual({ ok: false, key: "visitor:a", retryAfterMs: 980 });
    // The refused call did not count against the IP: one more from another visitor still fits, then the IP is full.
    expect(await a.take([{ key: "visitor:b", rule }, ipHit], start + 30)).toEqual({ ok: true });
    expect(await a.take([{ key: "visitor:c", rule }, ipHit], start + 40)).toEqual({ ok: false, key: "ip:1", retryAfterMs: 960 });
    // visitor:c was not counted either.
    expect(await a.take([{ key: "visitor:c", rule }], start + 50)).toEqual({ ok: true });
    expect(await a.take(hits, start + 1000)).toEqual({ ok: true });
  });

  it("shares the counts between processes", async () => {
    const hits = [{ key: "bot:shared", rule: { limit: 3, windowMs: 60_000 } }];
    expect(await a.take(hits, start)).toEqual({ ok: true });
    expect(await b.take(hits, start + 1)).toEqual({ ok: true });
    expect(await a.take(hits, start + 2)).toEqual({ ok: true });
    expect(await b.take(hits, start + 3)).toEqual({ ok: false, key: "bot:shared", retryAfterMs: 59_997 });
    expect(await a.take(hits, start + 60_000)).toEqual({ ok: true });
  });

  it("lets the keys expire in Redis with their window", async () => {
    const hits = [{ key: "new:203.0.113.9", rule: { limit: 1, windowMs: 200 } }];
    const now = Date.now();
    expect(await a.take(hits, now)).toEqual({ ok: true });
    expect(await b.take(hits, now + 50)).toMatchObject({ ok: false, retryAfterMs: 150 });
    const admin = await redis.connect();
    const key = `${redis.prefix}rate:new:203.0.113.9`;
    const ttl = await admin.commands.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
    await expect.poll(() => admin.commands.exists(key), { timeout: 2_000 }).toBe(0);
    expect(await b.take(hits, Date.now())).toEqual({ ok: true });
  });

  it("allows a call with no hits", async () => {
    expect(await a.take([], start)).toEqual({ ok: true });
  });
});
