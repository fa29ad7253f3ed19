import { describe, expect, it } from "vitest";
import { createLoginThrottle, findLoginRetryAfter } from "./throttle";

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
