import { describe, expect, it } from "vitest";
import { createLoginThrottle, findLoginCounters, findLoginRetryAfter } from "./throttle";

describe("login throttle", () => {
  it("blocks a key after the maximum failures inside the window, says how long, and forgets them after it", async () => {
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) await throttle.recordFailure("a@b.c", 100 + i);
    expect(await throttle.check("a@b.c", 200)).toEqual({ isBlocked: true, retryAfterMs: 900 });
    expect(await throttle.check("other@b.c", 200)).toEqual({ isBlocked: false });
    // The window slides: once the first failure is 1000 ms old two are left, one short of the limit.
    expect(await throttle.check("a@b.c", 1099)).toEqual({ isBlocked: true, retryAfterMs: 1 });
    expect(await throttle.check("a@b.c", 1100)).toEqual({ isBlocked: false });
    await throttle.recordFailure("a@b.c", 1100);
    expect(await throttle.check("a@b.c", 1100)).toEqual({ isBlocked: true, retryAfterMs: 1 });
  });

  it("is cleared by a reset", async () => {
    const throttle = createLoginThrottle({ maxFailures: 1, windowMs: 1000 });
    await throttle.recordFailure("k", 0);
    await throttle.reset("k");
    expect(await throttle.check("k", 1)).toEqual({ isBlocked: false });
  });
});

describe("findLoginRetryAfter", () => {
  const rule = { maxFailures: 2, windowMs: 100 };
  it("waits for the oldest failure that keeps the key at its limit, whatever the order", () => {
    expect(findLoginRetryAfter([50, 10, 30], rule, 60)).toBe(70);
    expect(findLoginRetryAfter([10], rule, 60)).toBeNull();
    expect(findLoginRetryAfter([0, 30], rule, 100)).toBeNull();
  });
});

describe("reserving attempts", () => {
  it("takes at most maxFailures of a burst of parallel attempts; the rest are refused with the wait", async () => {
    const throttle = createLoginThrottle({ maxFailures: 5, windowMs: 1000 });
    const attempts = await Promise.all(Array.from({ length: 60 }, () => throttle.reserve("a@b.c", 100)));
    expect(attempts.filter((attempt) => !attempt.isBlocked)).toHaveLength(5);
    expect(attempts.filter((attempt) => attempt.isBlocked)).toEqual(Array.from({ length: 55 }, () => ({ isBlocked: true, retryAfterMs: 1000 })));
    // A reserved attempt counts as a failure until given back.
    expect(await throttle.check("a@b.c", 200)).toEqual({ isBlocked: true, retryAfterMs: 900 });
  });

  it("gives an attempt back on release, and says which attempt takes the last one allowed", async () => {
    const throttle = createLoginThrottle({ maxFailures: 2, windowMs: 1000 });
    const first = await throttle.reserve("k", 0);
    const second = await throttle.reserve("k", 1);
    expect(first).toMatchObject({ isBlocked: false, locksOut: null });
    expect(second).toMatchObject({ isBlocked: false, locksOut: "all-clients" });
    if (second.isBlocked) throw new Error("the second attempt is taken");
    await throttle.release("k", second.id);
    expect(await throttle.check("k", 2)).toEqual({ isBlocked: false });
    expect(await throttle.reserve("k", 3)).toMatchObject({ isBlocked: false, locksOut: "all-clients" });
    expect(await throttle.reserve("k", 4)).toEqual({ isBlocked: true, retryAfterMs: 996 });
  });
});

describe("counting an email per client", () => {
  const rule = { maxFailures: 3, maxFailuresFromAllClients: 5, windowMs: 1000 };

  it("blocks the email from one client after maxFailures while other clients may still try, until all clients together reach their limit", async () => {
    const throttle = createLoginThrottle(rule);
    const fromAttacker = await Promise.all(Array.from({ length: 10 }, () => throttle.reserve("owner@shop.test", 0, "203.0.113.9")));
    // Three taken, the third locking this client out; seven refused.
    expect(fromAttacker.flatMap((attempt) => (attempt.isBlocked ? [] : [attempt.locksOut]))).toEqual([null, null, "client"]);
    expect(await throttle.check("owner@shop.test", 1, "203.0.113.9")).toEqual({ isBlocked: true, retryAfterMs: 999 });
    expect(await throttle.check("owner@shop.test", 1, "198.51.100.4")).toEqual({ isBlocked: false });
    // A second attacker's client fills the email's own count: now every client waits.
    expect(await throttle.reserve("owner@shop.test", 10, "192.0.2.1")).toMatchObject({ isBlocked: false, locksOut: null });
    expect(await throttle.reserve("owner@shop.test", 20, "192.0.2.1")).toMatchObject({ isBlocked: false, locksOut: "all-clients" });
    expect(await throttle.reserve("owner@shop.test", 30, "198.51.100.4")).toEqual({ isBlocked: true, retryAfterMs: 970 });
  });

  it("forgets on reset only this client's attempts, in the count for all clients too", async () => {
    const throttle = createLoginThrottle(rule);
    for (const at of [0, 1]) await throttle.reserve("owner@shop.test", at, "198.51.100.4");
    for (const at of [2, 3, 4]) await throttle.reserve("owner@shop.test", at, "203.0.113.9");
    expect(await throttle.check("owner@shop.test", 5, "198.51.100.4")).toMatchObject({ isBlocked: true });
    await throttle.reset("owner@shop.test", "198.51.100.4");
    expect(await throttle.check("owner@shop.test", 5, "198.51.100.4")).toEqual({ isBlocked: false });
    expect(await throttle.check("owner@shop.test", 5, "203.0.113.9")).toEqual({ isBlocked: true, retryAfterMs: 997 });
  });

  it("keeps clients apart whatever characters they hold, and a caller naming no client is one client", () => {
    expect(findLoginCounters(rule, "a@b.c", "2001:db8::1")).toEqual([
      { kind: "client", name: "2001%3Adb8%3A%3A1:a@b.c", maxFailures: 3 },
      { kind: "key", name: "a@b.c", maxFailures: 5 },
    ]);
    expect(findLoginCounters(rule, "a@b.c")[0]).toEqual({ kind: "client", name: ":a@b.c", maxFailures: 3 });
    expect(findLoginCounters({ maxFailures: 3, windowMs: 1000 }, "a@b.c", "2001:db8::1")).toEqual([{ kind: "key", name: "a@b.c", maxFailures: 3 }]);
  });
});
