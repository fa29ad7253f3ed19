import type { Redis } from "ioredis";
import { z } from "zod";
import type { RateLimiter } from "@chatwright/api";
import { defineRedisScript } from "./defineRedisScript";

// All or nothing across the keys, in one atomic step: first every key is
// checked, and only when none is at its limit is each counted. A key's
// window starts with its first hit (as in the in-process limiter) and is
// kept in a hash { start, count } that expires with the window.
// KEYS: one per hit. ARGV: now, then limit and windowMs per key.
// Returns { 0, 0 } when counted, else { index of the blocked key (1-based), retry-after ms }.
const takeHits = defineRedisScript(`
local now = tonumber(ARGV[1])
local starts, counts = {}, {}
for i, key in ipairs(KEYS) do
  local limit, window = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', key, 'start', 'count')
  local start, count = tonumber(state[1]), tonumber(state[2])
  if start == nil or count == nil or now - start >= window then
    start, count = now, 0
  end
  if count >= limit then return { i, start + window - now } end
  starts[i], counts[i] = start, count
end
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[2 * i + 1])
  if counts[i] == 0 then
    redis.call('HSET', key, 'start', ARGV[1], 'count', 1)
  else
    redis.call('HINCRBY', key, 'count', 1)
  end
  redis.call('PEXPIRE', key, math.max(1, starts[i] + window - now))
end
return { 0, 0 }
`);

const replySchema = z.tuple([z.number().int(), z.number()]);

/**
 * The widget's rate limits counted in Redis, so every server process draws
 * on the same allowance. `now` is the caller's clock, as with the
 * in-process limiter; keep server clocks in sync (NTP).
 */
export function createRedisRateLimiter(redis: Redis, options: { prefix?: string } = {}): RateLimiter {
  const prefix = `${options.prefix ?? "chatwright:"}rate:`;
  return {
    async take(hits, now) {
      if (hits.length === 0) return { ok: true };
      const keys = hits.map((hit) => `${prefix}${hit.key}`);
      const args = [Math.floor(now), ...hits.flatMap((hit) => [hit.rule.limit, hit.rule.windowMs])];
      const [blocked, retryAfterMs] = replySchema.parse(await takeHits(redis, keys, args));
      const hit = hits[blocked - 1];
      return hit ? { ok: false, key: hit.key, retryAfterMs } : { ok: true };
    },
  };
}
