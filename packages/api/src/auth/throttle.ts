import { randomUUID } from "node:crypto";

/**
 * Counts sign-in attempts per key (email, IP) in a sliding window: a key is
 * blocked while `maxFailures` of its attempts are younger than `windowMs`.
 * Sign-in `reserve`s an attempt before it checks the password, in one atomic
 * step, so a burst of parallel guesses cannot all pass one check: at most
 * `maxFailures` are ever checked. The attempt then stays counted as a failure
 * unless the password was right.
 *
 * With `maxFailuresFromAllClients` an email is counted per client (IP) too:
 * the pair gets the strict `maxFailures`, the email alone the much higher
 * limit, so guesses from elsewhere do not lock the owner out of her own
 * client; only a distributed attack reaches the higher one.
 *
 * `createLoginThrottle` keeps the counts in this process; with several server
 * processes `@chatwright/redis` keeps them in Redis behind the same
 * interface, hence the promises.
 */
export interface LoginThrottle {
  /** Whether an attempt for the key from this client would be blocked now; counts nothing. */
  check(key: string, now: number, client?: string): Promise<LoginThrottleCheck>;
  /** Takes one attempt, or none when the key is blocked (see LoginAttempt). */
  reserve(key: string, now: number, client?: string): Promise<LoginAttempt>;
  /** Gives back an attempt `reserve` took whose password was never checked. */
  release(key: string, attemptId: string, client?: string): Promise<void>;
  /** Counts a failure that was not reserved. */
  recordFailure(key: string, now: number, client?: string): Promise<void>;
  /**
   * Forgets the key's attempts from this client, also in the count for all
   * clients (a successful sign-in): one person signing in vouches for no one
   * else. Without clients, all of the key's attempts.
   */
  reset(key: string, client?: string): Promise<void>;
}

/** `retryAfterMs`: until enough attempts have aged out of the window for one more. */
export type LoginThrottleCheck = { isBlocked: false } | { isBlocked: true; retryAfterMs: number };

/**
 * An attempt taken (counted from now on as a failure unless released or
 * reset), or refused. `locksOut`: this attempt took the last one allowed, so
 * if its password is wrong the key is locked for this client ("client") or
 * for every client ("all-clients"); null otherwise. Exactly one attempt per
 * lockout gets it.
 */
export type LoginAttempt = { isBlocked: false; id: string; locksOut: LoginLockout | null } | { isBlocked: true; retryAfterMs: number };

export type LoginLockout = "client" | "all-clients";

export interface LoginThrottleRule {
  /** Attempts per key inside the window; with `maxFailuresFromAllClients`, per key from one client. */
  maxFailures: number;
  windowMs: number;
  /**
   * Counts the key per client as well: `maxFailures` from one client, this
   * many from all clients together. A caller that names no client is one
   * client.
   */
  maxFailuresFromAllClients?: number;
}

export const DEFAULT_LOGIN_THROTTLE_RULES: { byEmail: LoginThrottleRule; byIp: LoginThrottleRule } = {
  byEmail: { maxFailures: 5, maxFailuresFromAllClients: 100, windowMs: 15 * 60_000 },
  byIp: { maxFailures: 30, windowMs: 15 * 60_000 },
};

/** One count an attempt is held to: the key's own ("key", all clients) or the key from one client ("client"). */
export interface LoginCounter {
  kind: "key" | "client";
  /** Unique among counters of its kind in one throttle. */
  name: string;
  maxFailures: number;
}

/**
 * The counters an attempt for the key from this client is held to, the
 * narrowest first. Shared by the in-process and Redis throttles so both
 * count alike.
 */
export function findLoginCounters(rule: LoginThrottleRule, key: string, client = ""): LoginCounter[] {
  const keyCounter: LoginCounter = { kind: "key", name: key, maxFailures: rule.maxFailuresFromAllClients ?? rule.maxFailures };
  if (rule.maxFailuresFromAllClients === undefined) return [keyCounter];
  // Encoded, so no client:key pair can be read as another (an IPv6 address has colons).
  return [{ kind: "client", name: `${encodeURIComponent(client)}:${key}`, maxFailures: rule.maxFailures }, keyCounter];
}

/** What a failed attempt that fills these counters locks: every client once the key's own count is full. */
export function findLoginLockout(filled: readonly LoginCounter[]): LoginLockout | null {
  if (filled.some((counter) => counter.kind === "key")) return "all-clients";
  return filled.length > 0 ? "client" : null;
}

/**
 * The wait before a key with these attempt times may try again, or null when
 * it may now. Shared by the in-process and Redis throttles so both answer alike.
 */
export function findLoginRetryAfter(failureTimes: readonly number[], rule: Pick<LoginThrottleRule, "maxFailures" | "windowMs">, now: number): number | null {
  const recent = failureTimes.filter((t) => now - t < rule.windowMs).sort((a, b) => a - b);
  // The oldest attempt that must age out before fewer than maxFailures remain.
  const oldestBlocking = recent[recent.length - rule.maxFailures];
  return oldestBlocking === undefined ? null : oldestBlocking + rule.windowMs - now;
}

const MAX_COUNTERS = 100_000;

export function createLoginThrottle(rule: LoginThrottleRule): LoginThrottle {
  // Each counter's attempts, in the order they were counted.
  const attempts = new Map<string, { id: string; at: number }[]>();
  const storeKeyOf = (counter: LoginCounter) => `${counter.kind} ${counter.name}`;
  const recentOf = (counter: LoginCounter, now: number) => (attempts.get(storeKeyOf(counter)) ?? []).filter((attempt) => now - attempt.at < rule.windowMs);
  const store = (counter: LoginCounter, list: { id: string; at: number }[]) => {
    const storeKey = storeKeyOf(counter);
    if (list.length === 0) {
      attempts.delete(storeKey);
      return;
    }
    attempts.set(storeKey, list);
    if (attempts.size > MAX_COUNTERS) attempts.delete(attempts.keys().next().value ?? storeKey);
  };
  const retryAfterOf = (counters: readonly LoginCounter[], now: number) => {
    const waits = counters.map((counter) =>
      findLoginRetryAfter(
        recentOf(counter, now).map((attempt) => attempt.at),
        { maxFailures: counter.maxFailures, windowMs: rule.windowMs },
        now,
      ),
    );
    return waits.reduce<number | null>((longest, wait) => (wait === null ? longest : Math.max(longest ?? 0, wait)), null);
  };
  const count = (counters: readonly LoginCounter[], now: number) => {
    const id = randomUUID();
    const filled: LoginCounter[] = [];
    for (const counter of counters) {
      const list = [...recentOf(counter, now), { id, at: now }];
      store(counter, list);
      if (list.length >= counter.maxFailures) filled.push(counter);
    }
    return { id, filled };
  };
  // Each method runs to its end without waiting: one attempt's check and count cannot interleave with another's.
  return {
    async check(key, now, client) {
      const retryAfterMs = retryAfterOf(findLoginCounters(rule, key, client), now);
      return retryAfterMs === null ? { isBlocked: false } : { isBlocked: true, retryAfterMs };
    },
    async reserve(key, now, client) {
      const counters = findLoginCounters(rule, key, client);
      const retryAfterMs = retryAfterOf(counters, now);
      if (retryAfterMs !== null) return { isBlocked: true, retryAfterMs };
      const { id, filled } = count(counters, now);
      return { isBlocked: false, id, locksOut: findLoginLockout(filled) };
    },
    async release(key, attemptId, client) {
      for (const counter of findLoginCounters(rule, key, client)) {
        store(
          counter,
          (attempts.get(storeKeyOf(counter)) ?? []).filter((attempt) => attempt.id !== attemptId),
        );
      }
    },
    async recordFailure(key, now, client) {
      count(findLoginCounters(rule, key, client), now);
    },
    async reset(key, client) {
      const [narrowest, ...wider] = findLoginCounters(rule, key, client);
      if (!narrowest) return;
      const forgotten = new Set((attempts.get(storeKeyOf(narrowest)) ?? []).map((attempt) => attempt.id));
      attempts.delete(storeKeyOf(narrowest));
      for (const counter of wider) {
        store(
          counter,
          (attempts.get(storeKeyOf(counter)) ?? []).filter((attempt) => !forgotten.has(attempt.id)),
        );
      }
    },
  };
}
