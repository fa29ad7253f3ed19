import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { findLoginRetryAfter, type LoginThrottle, type LoginThrottleRule } from "@chatwright/api";
import { defineRedisScript } from "./defineRedisScript";

// One sorted set per key, a member per failure scored by its time: the same
// sliding window as the in-process throttle. In one atomic step: drop the
// failures that have left the window, add this one, keep only the newest
// maxFailures (older ones can never decide a block or its wait), and let the
// set expire when its newest failure leaves the window.
// KEYS: the key. ARGV: now, windowMs, maxFailures, a member unique to this failure.
const recordFailure = defineRedisScript(`
local key = KEYS[1]
local now, window, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZADD', key, now, ARGV[4])
redis.call('ZREMRANGEBYRANK', key, 0, -(max + 1))
local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', key, math.max(1, tonumber(newest[2]) + window - now))
return 0
`);

const membersWithScoresSchema = z.array(z.string());

/**
 * Sign-in failures counted in Redis, so every server process sees the same
 * count for an email or IP. `name` keeps the kinds apart ("email", "ip").
 * `now` is the caller's clock, as with the in-process throttle; keep server
 * clocks in sync (NTP). Errors (Redis unreachable) reach the caller, which
 * decides the policy (openSharedState lets the sign-in through).
 */
export function createRedisLoginThrottle(redis: Redis, options: { name: string; rule: LoginThrottleRule; prefix?: string }): LoginThrottle {
  const { rule } = options;
  const keyOf = (key: string) => `${options.prefix ?? "chatwright:"}login:${options.name}:${key}`;
  return {
    async check(key, now) {
      // One command, so atomic: the failures still inside the window (at most maxFailures are kept).
      const reply = await redis.zrangebyscore(keyOf(key), `(${Math.floor(now) - rule.windowMs}`, "+inf", "WITHSCORES");
      const flat = membersWithScoresSchema.parse(reply);
      const times = flat.filter((_, i) => i % 2 === 1).map(Number);
      const retryAfterMs = findLoginRetryAfter(times, rule, Math.floor(now));
      return retryAfterMs === null ? { isBlocked: false } : { isBlocked: true, retryAfterMs };
    },
    async recordFailure(key, now) {
      await recordFailure(redis, [keyOf(key)], [Math.floor(now), rule.windowMs, rule.maxFailures, randomBytes(8).toString("hex")]);
    },
    async reset(key) {
      await redis.del(keyOf(key));
    },
  };
}
