/**
 * The few key-value operations the answer cache needs. The in-process store
 * implements it; the server wires Redis to it, e.g. with ioredis:
 *
 *   get: (key) => redis.get(key),
 *   set: async (key, value, ttlMs) => { ttlMs ? await redis.set(key, value, "PX", ttlMs) : await redis.set(key, value) },
 *   del: async (key) => { await redis.del(key) },
 *
 * No scan or keys: invalidating a bot bumps its generation, which makes its
 * old entries unreachable at once; their TTL reclaims the space.
 */
export interface AnswerCacheStore {
  get(key: string): Promise<string | null>;
  /** `ttlMs` undefined: keep until evicted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(key: string): Promise<void>;
}
