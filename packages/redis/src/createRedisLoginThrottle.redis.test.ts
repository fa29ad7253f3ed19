import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoginThrottle, type LoginThrottle, type LoginThrottleRule } from "@chatwright/api";
import { createRedisLoginThrottle } from "./createRedisLoginThrottle";
import { connectTestRedis, type TestRedis } from "./testing";
import type { Redis } from "ioredis";

// Two throttles on one Redis, each with its own connection, stand for two server processes.
let redis: TestRedis;
let processes: [Redis, Redis];

beforeAll(async () => {
  redis = await connectTestRedis();
  processes = [(await redis.connect()).commands, (await redis.connect()).commands];
});
afterAll(async () => {
  await redis?.cleanUp();
});

const start = Date.parse("2026-03-01T12:00:00Z");
const rule: LoginThrottleRule = { maxFailures: 3, windowMs: 1000 };
const throttles = (name: string, r: LoginThrottleRule = rule): [LoginThrottle, LoginThrottle] => [
  createRedisLoginThrottle(processes[0], { name, rule: r, prefix: redis.prefix }),
  createRedisLoginThrottle(processes[1], { name, rule: r, prefix: redis.prefix }),
];

describe("the Redis login throttle", () => {
  it("shares one count between processes and blocks the next attempt with the wait", async () => {
    const [a, b] = throttles("email");
    await a.recordFailure("owner@shop.test", start);
    await b.recordFailure("owner@shop.test", start + 10);
    expect(await a.check("owner@shop.test", start + 20)).toEqual({ isBlocked: false });
    await a.recordFailure("owner@shop.test", start + 20);
    expect(await b.check("owner@shop.test", start + 30)).toEqual({ isBlocked: true, retryAfterMs: 970 });
    expect(await a.check("owner@shop.test", start + 30)).toEqual({ isBlocked: true, retryAfterMs: 970 });
  });

  it("slides the window: each failure counts for windowMs from its own time", async () => {
    const [a, b] = throttles("email");
    for (const at of [0, 100, 200]) await a.recordFailure("slide@shop.test", start + at);
    expect(await b.check("slide@shop.test", start + 999)).toEqual({ isBlocked: true, retryAfterMs: 1 });
    // The first failure has left the window: two remain, one short of the limit.
    expect(await b.check("slide@shop.test", start + 1000)).toEqual({ isBlocked: false });
    await b.recordFailure("slide@shop.test", start + 1000);
    expect(await a.check("slide@shop.test", start + 1000)).toEqual({ isBlocked: true, retryAfterMs: 100 });
    expect(await a.check("slide@shop.test", start + 2000)).toEqual({ isBlocked: false });
  });

  it("answers as the in-process throttle does, failure for failure", async () => {
    const [a] = throttles("email");
    const memory = createLoginThrottle(rule);
    const steps = [0, 50, 400, 900, 1000, 1049, 1050, 1400, 1401, 2500, 2600, 2700, 2750];
    for (const at of steps) {
      const [fromRedis, fromMemory] = [await a.check("same@shop.test", start + at), await memory.check("same@shop.test", start + at)];
      expect(fromRedis, `at +${at} ms`).toEqual(fromMemory);
      // As sign-in does: a blocked attempt is refused, not counted.
      if (!fromMemory.isBlocked) {
        await a.recordFailure("same@shop.test", start + at);
        await memory.recordFailure("same@shop.test", start + at);
      }
    }
  });

  it("is cleared for every process by a reset (a successful sign-in), and only for that key", async () => {
    const [a, b] = throttles("email");
    for (const at of [0, 1, 2]) {
      await a.recordFailure("reset@shop.test", start + at);
      await a.recordFailure("kept@shop.test", start + at);
    }
    await b.reset("reset@shop.test");
    expect(await a.check("reset@shop.test", start + 3)).toEqual({ isBlocked: false });
    expect(await a.check("kept@shop.test", start + 3)).toMatchObject({ isBlocked: true });
    // Counting starts again from nothing.
    await a.recordFailure("reset@shop.test", start + 4);
    await a.recordFailure("reset@shop.test", start + 5);
    expect(await b.check("reset@shop.test", start + 6)).toEqual({ isBlocked: false });
  });

  it("keeps emails and IPs apart, and each key apart", async () => {
    const [byEmail] = throttles("email", { maxFailures: 2, windowMs: 60_000 });
    const [byIp] = throttles("ip", { maxFailures: 3, windowMs: 60_000 });
    await byEmail.recordFailure("203.0.113.7", start);
    await byEmail.recordFailure("203.0.113.7", start);
    expect(await byEmail.check("203.0.113.7", start + 1)).toMatchObject({ isBlocked: true });
    expect(await byIp.check("203.0.113.7", start + 1)).toEqual({ isBlocked: false });
    for (const at of [0, 1, 2]) await byIp.recordFailure("198.51.100.1", start + at);
    expect(await byIp.check("198.51.100.1", start + 3)).toEqual({ isBlocked: true, retryAfterMs: 59_997 });
    expect(await byIp.check("198.51.100.2", start + 3)).toEqual({ isBlocked: false });
  });

  it("stores at most maxFailures failures per key and lets the key expire with the window", async () => {
    const [a, b] = throttles("ip", { maxFailures: 2, windowMs: 200 });
    const now = Date.now();
    for (let i = 0; i < 5; i++) await a.recordFailure("192.0.2.1", now + i);
    const key = `${redis.prefix}login:ip:192.0.2.1`;
    const admin = processes[0];
    expect(await admin.zcard(key)).toBe(2);
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(204);
    expect(await b.check("192.0.2.1", now + 5)).toEqual({ isBlocked: true, retryAfterMs: 198 });
    await expect.poll(() => admin.exists(key), { timeout: 2_000 }).toBe(0);
    expect(await b.check("192.0.2.1", Date.now())).toEqual({ isBlocked: false });
  });

  it("takes at most maxFailures of a burst of parallel attempts sent through two processes", async () => {
    const [a, b] = throttles("email", { maxFailures: 5, windowMs: 60_000 });
    const attempts = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).reserve("burst@shop.test", start + i)));
    const taken = attempts.flatMap((attempt) => (attempt.isBlocked ? [] : [attempt.locksOut]));
    expect(taken.toSorted()).toEqual(["all-clients", null, null, null, null]);
    expect(attempts.filter((attempt) => attempt.isBlocked)).toHaveLength(55);
    expect(await a.check("burst@shop.test", start + 60)).toMatchObject({ isBlocked: true });
  });

  it("gives a reserved attempt back on release, for every process", async () => {
    const [a, b] = throttles("email", { maxFailures: 2, windowMs: 1000 });
    await a.reserve("release@shop.test", start);
    const second = await a.reserve("release@shop.test", start + 1);
    expect(await b.reserve("release@shop.test", start + 2)).toEqual({ isBlocked: true, retryAfterMs: 998 });
    if (second.isBlocked) throw new Error("the second attempt is taken");
    await b.release("release@shop.test", second.id);
    expect(await b.check("release@shop.test", start + 3)).toEqual({ isBlocked: false });
  });

  it("counts an email per client: one client is locked out, the others only at the higher limit; a reset forgets one client's attempts", async () => {
    const perClient: LoginThrottleRule = { maxFailures: 3, maxFailuresFromAllClients: 5, windowMs: 60_000 };
    const [a, b] = throttles("email", perClient);
    const fromAttacker = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).reserve("clients@shop.test", start, "203.0.113.9")));
    expect(fromAttacker.filter((attempt) => !attempt.isBlocked)).toHaveLength(3);
    expect(await a.check("clients@shop.test", start + 1, "198.51.100.4")).toEqual({ isBlocked: false });
    expect(await a.reserve("clients@shop.test", start + 1, "198.51.100.4")).toMatchObject({ isBlocked: false, locksOut: null });
    expect(await b.reserve("clients@shop.test", start + 2, "2001:db8::1")).toMatchObject({ isBlocked: false, locksOut: "all-clients" });
    expect(await a.reserve("clients@shop.test", start + 3, "198.51.100.4")).toEqual({ isBlocked: true, retryAfterMs: 59_997 });
    // The owner signs in: her attempt is forgotten, in the count for all clients too; the attacker's stay.
    await b.reset("clients@shop.test", "198.51.100.4");
    expect(await a.check("clients@shop.test", start + 3, "198.51.100.4")).toEqual({ isBlocked: false });
    expect(await a.check("clients@shop.test", start + 3, "203.0.113.9")).toEqual({ isBlocked: true, retryAfterMs: 59_997 });
    const admin = processes[0];
    expect(await admin.zcard(`${redis.prefix}login:email:clients@shop.test`)).toBe(4);
    expect(await admin.exists(`${redis.prefix}login:email+client:198.51.100.4:clients@shop.test`)).toBe(0);
    expect(await admin.zcard(`${redis.prefix}login:email+client:2001%3Adb8%3A%3A1:clients@shop.test`)).toBe(1);
  });

  it("reserves, releases and resets as the in-process throttle does, step by step", async () => {
    const perClient: LoginThrottleRule = { maxFailures: 2, maxFailuresFromAllClients: 3, windowMs: 1000 };
    const [a] = throttles("email", perClient);
    const memory = createLoginThrottle(perClient);
    const clients = ["198.51.100.4", "203.0.113.9", "2001:db8::1"];
    const taken: { client: string; redisId: string; memoryId: string }[] = [];
    for (let step = 0; step < 60; step++) {
      const at = start + step * 90;
      const client = clients[step % 3] ?? "";
      const [fromRedis, fromMemory] = [await a.reserve("steps@shop.test", at, client), await memory.reserve("steps@shop.test", at, client)];
      expect(fromRedis.isBlocked ? fromRedis : fromRedis.locksOut, `reserve at +${step * 90} ms`).toEqual(fromMemory.isBlocked ? fromMemory : fromMemory.locksOut);
      if (!fromRedis.isBlocked && !fromMemory.isBlocked) taken.push({ client, redisId: fromRedis.id, memoryId: fromMemory.id });
      if (step % 7 === 6) {
        const given = taken.shift();
        if (given) {
          await a.release("steps@shop.test", given.redisId, given.client);
          await memory.release("steps@shop.test", given.memoryId, given.client);
        }
      }
      if (step % 11 === 10) {
        await a.reset("steps@shop.test", client);
        await memory.reset("steps@shop.test", client);
      }
      for (const other of clients) {
        expect(await a.check("steps@shop.test", at, other), `check ${other} at +${step * 90} ms`).toEqual(await memory.check("steps@shop.test", at, other));
      }
    }
  });

  it("fails while Redis is unreachable, so the caller chooses what a sign-in does then", async () => {
    const connection = await redis.connect();
    const throttle = createRedisLoginThrottle(connection.commands, { name: "email", rule, prefix: redis.prefix });
    connection.commands.disconnect();
    await expect(throttle.check("down@shop.test", start)).rejects.toThrow();
    await expect(throttle.recordFailure("down@shop.test", start)).rejects.toThrow();
    await expect(throttle.reserve("down@shop.test", start)).rejects.toThrow();
  });
});
