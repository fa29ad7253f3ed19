import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { findLoginCounters, findLoginLockout, findLoginRetryAfter, type LoginCounter, type LoginThrottle, type LoginThrottleRule } from "@chatwright/api";
import { defineRedisScript } from "./defineRedisScript";

// One sorted set per counter (the key's own; with clients also the key from
// one client), a member per attempt scored by its time: the same sliding
// window as the in-process throttle. An attempt has one id, the same member
// in each of its counters. Every set expires when its newest attempt leaves
// the window.

// All or nothing across the counters, in one atomic step: drop the attempts
// that have left the window; if any counter is full, count nothing and
// return the longest wait (until its oldest blocking attempt ages out), else
// add the attempt to every counter and say which ones it filled.
// KEYS: the counters. ARGV: now, windowMs, the attempt's id, then each counter's maxFailures.
// Returns { 0, retry-after ms } when blocked, else { 1, filled (1/0) per counter }.
const reserveAttempt = defineRedisScript(`
local now, window, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local counts, retry = {}, nil
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[3 + i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= max then
    local oldest = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    retry = math.max(retry or 0, tonumber(oldest[2]) + window - now)
  end
  counts[i] = count
end
if retry then return { 0, retry } end
local reply = { 1 }
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, id)
  local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', key, math.max(1, tonumber(newest[2]) + window - now))
  reply[i + 1] = (counts[i] + 1 >= tonumber(ARGV[3 + i])) and 1 or 0
end
return reply
`);

// A failure counted whatever the counts: added to every counter, each kept to
// its newest maxFailures (older ones can never decide a block or its wait).
// KEYS: the counters. ARGV: now, windowMs, the attempt's id, then each counter's maxFailures.
const recordFailure = defineRedisScript(`
local now, window, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  redis.call('ZADD', key, now, id)
  redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(ARGV[3 + i]) + 1))
  local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', key, math.max(1, tonumber(newest[2]) + window - now))
end
return 0
`);

// KEYS: the counters. ARGV: the attempt's id.
const releaseAttempt = defineRedisScript(`
for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[1]) end
return 0
`);

// Forgets the narrowest counter's attempts, in the wider counters too.
// KEYS: the narrowest counter, then the wider ones.
const resetCounters = defineRedisScript(`
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for i = 2, #KEYS do
  for _, id in ipairs(ids) do redis.call('ZREM', KEYS[i], id) end
end
redis.call('DEL', KEYS[1])
return 0
`);

const reserveReplySchema = z.array(z.number().int());
const membersWithScoresSchema = z.array(z.string());

/**
 * Sign-in attempts counted in Redis, so every server process sees the same
 * counts for an email or IP. `name` keeps the kinds apart ("email", "ip").
 * `now` is the caller's clock, as with the in-process throttle; keep server
 * clocks in sync (NTP). Errors (Redis unreachable) reach the caller, which
 * decides the policy (openSharedState lets the sign-in through).
 */
export function createRedisLoginThrottle(redis: Redis, options: { name: string; rule: LoginThrottleRule; prefix?: string }): LoginThrottle {
  const { rule } = options;
  const base = `${options.prefix ?? "chatwright:"}login:`;
  const redisKeyOf = (counter: LoginCounter) => (counter.kind === "key" ? `${base}${options.name}:${counter.name}` : `${base}${options.name}+client:${counter.name}`);
  const countersOf = (key: string, client: string | undefined) => findLoginCounters(rule, key, client).map((counter) => ({ ...counter, redisKey: redisKeyOf(counter) }));
  const keysOf = (counters: readonly { redisKey: string }[]) => counters.map((counter) => counter.redisKey);
  const countArgs = (now: number, id: string, counters: readonly LoginCounter[]) => [Math.floor(now), rule.windowMs, id, ...counters.map((counter) => counter.maxFailures)];
  return {
    async check(key, now, client) {
      const at = Math.floor(now);
      const waits = await Promise.all(
        countersOf(key, client).map(async (counter) => {
          const reply = await redis.zrangebyscore(counter.redisKey, `(${at - rule.windowMs}`, "+inf", "WITHSCORES");
          const times = membersWithScoresSchema
            .parse(reply)
            .filter((_, j) => j % 2 === 1)
            .map(Number);
          return findLoginRetryAfter(times, { maxFailures: counter.maxFailures, windowMs: rule.windowMs }, at);
        }),
      );
      const retryAfterMs = waits.reduce<number | null>((longest, wait) => (wait === null ? longest : Math.max(longest ?? 0, wait)), null);
      return retryAfterMs === null ? { isBlocked: false } : { isBlocked: true, retryAfterMs };
    },
    async reserve(key, now, client) {
      const counters = countersOf(key, client);
      const id = randomUUID();
      const [isTaken, ...rest] = reserveReplySchema.parse(await reserveAttempt(redis, keysOf(counters), countArgs(now, id, counters)));
      if (isTaken !== 1) return { isBlocked: true, retryAfterMs: rest[0] ?? rule.windowMs };
      return { isBlocked: false, id, locksOut: findLoginLockout(counters.filter((_, i) => rest[i] === 1)) };
    },
    async release(key, attemptId, client) {
      await releaseAttempt(redis, keysOf(countersOf(key, client)), [attemptId]);
    },
    async recordFailure(key, now, client) {
      const counters = countersOf(key, client);
      await recordFailure(redis, keysOf(counters), countArgs(now, randomUUID(), counters));
    },
    async reset(key, client) {
      await resetCounters(redis, keysOf(countersOf(key, client)), []);
    },
  };
}
