import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type RedisScript = (redis: Redis, keys: string[], args: (string | number)[]) => Promise<unknown>;

/**
 * A Lua script run by its SHA (EVALSHA), sent in full (EVAL) only when the
 * server does not have it yet: after a restart, or the first time.
 */
export function defineRedisScript(lua: string): RedisScript {
  const sha = createHash("sha1").update(lua).digest("hex");
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
