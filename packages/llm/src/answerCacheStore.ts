/**
 * The few key-value operations the answer cache needs. The in-process store
 * implements it, and so does `createRedisAnswerStore` in `@chatwright/redis`
 * (the server uses it when REDIS_URL is set).
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
