import type { Redis } from "ioredis";
import { z } from "zod";
import { PRESENCE_WINDOW_MS, type AgentPresence, type AgentPresenceEntry } from "@chatwright/runtime";
import { defineRedisScript } from "./defineRedisScript";

export interface RedisPresenceOptions {
  /** Key namespace. Default "chatwright:". */
  prefix?: string;
  now?: () => Date;
  onlineWindowMs?: number;
}

// Records one heartbeat and trims the workspace's agents not heard from
// within the window, atomically (a trim may not drop a beat that just came).
// KEYS: the workspace's sorted set (score = last beat, ms) and state hash.
// ARGV: now, cutoff, userId, state, ttlMs.
const recordHeartbeat = defineRedisScript(`
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
for _, user in ipairs(stale) do redis.call('HDEL', KEYS[2], user) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1
`);

const stateSchema = z.enum(["online", "away"]);

/**
 * Agent presence shared by every server process: per workspace a sorted set
 * of agents scored by their last heartbeat, and a hash of their chosen
 * state. Entries older than the window are ignored when read and trimmed on
 * the next heartbeat; a workspace nobody beats in expires as a whole.
 */
export function createRedisPresence(redis: Redis, options: RedisPresenceOptions = {}): AgentPresence {
  const prefix = options.prefix ?? "chatwright:";
  const now = options.now ?? (() => new Date());
  const windowMs = options.onlineWindowMs ?? PRESENCE_WINDOW_MS;
  const keysOf = (workspaceId: string) => ({ seen: `${prefix}presence:${workspaceId}`, states: `${prefix}presence:${workspaceId}:state` });

  async function list(workspaceId: string): Promise<AgentPresenceEntry[]> {
    const keys = keysOf(workspaceId);
    const cutoff = now().getTime() - windowMs;
    const [seen, states] = await Promise.all([redis.zrangebyscore(keys.seen, cutoff, "+inf", "WITHSCORES"), redis.hgetall(keys.states)]);
    const entries: AgentPresenceEntry[] = [];
    for (let i = 0; i + 1 < seen.length; i += 2) {
      const userId = seen[i] ?? "";
      const state = stateSchema.safeParse(states[userId]);
      if (state.success) entries.push({ userId, state: state.data, lastSeenAt: new Date(Number(seen[i + 1])) });
    }
    return entries;
  }

  return {
    async heartbeat({ workspaceId, userId, state }) {
      const keys = keysOf(workspaceId);
      const at = now().getTime();
      // Twice the window: a process whose clock runs behind still finds the beat.
      await recordHeartbeat(redis, [keys.seen, keys.states], [at, at - windowMs, userId, state, windowMs * 2]);
    },
    list,
    isAnyoneOnline: async (workspaceId) => (await list(workspaceId)).some((agent) => agent.state === "online"),
  };
}
