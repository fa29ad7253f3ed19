import { describe, expect, it } from "vitest";
import { createLoginThrottle } from "./throttle";

describe("login throttle", () => {
  it("blocks a key after the maximum failures inside the window and forgets them after it", () => {
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) throttle.recordFailure("a@b.c", 100 + i);
    expect(throttle.isBlocked("a@b.c", 200)).toBe(true);
    expect(throttle.isBlocked("other@b.c", 200)).toBe(false);
    expect(throttle.isBlocked("a@b.c", 1200)).toBe(false);
  });

  it("is cleared by a reset", () => {
    const throttle = createLoginThrottle({ maxFailures: 1, windowMs: 1000 });
    throttle.recordFailure("k", 0);
    throttle.reset("k");
    expect(throttle.isBlocked("k", 1)).toBe(false);
  });
});
