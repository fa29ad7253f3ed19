/**
 * Counts failed sign-ins per key (email, IP) in a sliding window. In-process:
 * with several server processes each keeps its own count (see README).
 */
export interface LoginThrottle {
  isBlocked(key: string, now: number): boolean;
  recordFailure(key: string, now: number): void;
  reset(key: string): void;
}

export function createLoginThrottle(options: { maxFailures: number; windowMs: number }): LoginThrottle {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < options.windowMs);
  return {
    isBlocked(key, now) {
      return recent(key, now).length >= options.maxFailures;
    },
    recordFailure(key, now) {
      const list = recent(key, now);
      list.push(now);
      failures.set(key, list);
      if (failures.size > 100_000) failures.delete(failures.keys().next().value ?? key);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
