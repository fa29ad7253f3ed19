import type { Redis } from "ioredis";
import type { AnswerCacheStore } from "@chatwright/llm";

/**
 * The answer cache's store in Redis, shared by every server process: a hit
 * computed by one is served by all, and a bot's invalidation (a new
 * generation key) is seen by all at once. Keys are namespaced by
 * createAnswerCache's `keyPrefix`.
 */
export function createRedisAnswerStore(redis: Redis): AnswerCacheStore {
  return {
    get: (key) => redis.get(key),
    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await redis.set(key, value);
      else await redis.set(key, value, "PX", Math.max(1, Math.ceil(ttlMs)));
    },
    async del(key) {
      await redis.del(key);
    },
  };
}
