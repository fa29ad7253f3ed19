/**
 * Counts failed sign-ins per key (email, IP) in a sliding window: a key is
 * blocked while `maxFailures` of its failures are younger than `windowMs`.
 * `createLoginThrottle` keeps them in this process; with several server
 * processes `@chatwright/redis` keeps them in Redis behind the same
 * interface, hence the promises.
 */
export interface LoginThrottle {
  check(key: string, now: number): Promise<LoginThrottleCheck>;
  recordFailure(key: string, now: number): Promise<void>;
  /** Forgets the key's failures (a successful sign-in). */
  reset(key: string): Promise<void>;
}

/** `retryAfterMs`: until enough failures have aged out of the window for one more attempt. */
export type LoginThrottleCheck = { isBlocked: false } | { isBlocked: true; retryAfterMs: number };

export interface LoginThrottleRule {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE_RULES: { byEmail: LoginThrottleRule; byIp: LoginThrottleRule } = {
  byEmail: { maxFailures: 5, windowMs: 15 * 60_000 },
  byIp: { maxFailures: 30, windowMs: 15 * 60_000 },
};

/**
 * The wait before a key with these failure times may try again, or null when
 * it may now. Shared by the in-process and Redis throttles so both answer alike.
 */
export function findLoginRetryAfter(failureTimes: readonly number[], rule: LoginThrottleRule, now: number): number | null {
  const recent = failureTimes.filter((t) => now - t < rule.windowMs).sort((a, b) => a - b);
  // The oldest failure that must age out before fewer than maxFailures remain.
  const oldestBlocking = recent[recent.length - rule.maxFailures];
  return oldestBlocking === undefined ? null : oldestBlocking + rule.windowMs - now;
}

export function createLoginThrottle(rule: LoginThrottleRule): LoginThrottle {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < rule.windowMs);
  return {
    async check(key, now) {
      const retryAfterMs = findLoginRetryAfter(failures.get(key) ?? [], rule, now);
      return retryAfterMs === null ? { isBlocked: false } : { isBlocked: true, retryAfterMs };
    },
    async recordFailure(key, now) {
      const list = recent(key, now);
      list.push(now);
      failures.set(key, list);
      if (failures.size > 100_000) failures.delete(failures.keys().next().value ?? key);
    },
    async reset(key) {
      failures.delete(key);
    },
  };
}
