import { Redis } from "ioredis";
import { redactRedisUrl } from "./redactRedisUrl";

export type RedisConnectionName = "commands" | "subscriber";

export interface RedisConnections {
  /** Everything but pub/sub reception: PUBLISH, presence, rate limits, the answer cache. */
  commands: Redis;
  /** Only (P)SUBSCRIBE: a subscribed connection can run no other command. */
  subscriber: Redis;
  /** Quits both; safe to call twice. */
  close(): Promise<void>;
}

export interface ConnectRedisOptions {
  url: string;
  /** A connection was lost (told once per outage; ioredis keeps reconnecting). */
  onConnectionLost: (error: Error, connection: RedisConnectionName) => void;
  /** It is back after a loss. */
  onConnectionRestored?: (connection: RedisConnectionName) => void;
  /** Shown in CLIENT LIST, e.g. "chatwright". */
  connectionName?: string;
}

/**
 * The two connections one server process shares between its Redis adapters.
 * Resolves once both are ready, or rejects with a message saying what to
 * check. Afterwards a lost connection never throws into the process: ioredis
 * reconnects with backoff, and commands fail at once while it is away
 * (no offline queue), so callers degrade instead of waiting.
 */
export async function connectRedis(options: ConnectRedisOptions): Promise<RedisConnections> {
  let isClosing = false;
  const open = (name: RedisConnectionName) => {
    const redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      connectTimeout: 5_000,
      // RESP2: every Redis server and proxy speaks it (ioredis 6 would ask for RESP3, which Redis 5 refuses).
      protocol: 2,
      ...(options.connectionName ? { connectionName: `${options.connectionName}:${name}` } : {}),
    });
    let lastError: Error | null = null;
    let hasConnected = false;
    let isLost = false;
    const lose = (error: Error) => {
      if (!hasConnected || isLost || isClosing) return;
      isLost = true;
      options.onConnectionLost(error, name);
    };
    // An 'error' listener must exist: without one ioredis's errors would crash the process.
    redis.on("error", (error: Error) => {
      lastError = error;
      lose(error);
    });
    redis.on("close", () => lose(lastError ?? new Error("the connection was closed")));
    redis.on("ready", () => {
      if (isLost) options.onConnectionRestored?.(name);
      isLost = false;
      lastError = null;
      hasConnected = true;
    });
    return { redis, name, lastError: () => lastError };
  };
  const connections = [open("commands"), open("subscriber")] as const;
  const results = await Promise.allSettled(connections.map((c) => c.redis.connect()));
  const failed = results.findIndex((r) => r.status === "rejected");
  if (failed !== -1) {
    for (const c of connections) c.redis.disconnect();
    const result = results[failed];
    const cause = connections[failed]?.lastError() ?? (result?.status === "rejected" ? result.reason : null);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`Could not connect to Redis at ${redactRedisUrl(options.url)} (${reason}). Check that Redis is running and REDIS_URL is right, or unset REDIS_URL to run everything in this one process.`, {
      cause,
    });
  }
  const [commands, subscriber] = connections;
  let closing: Promise<void> | null = null;
  return {
    commands: commands.redis,
    subscriber: subscriber.redis,
    close() {
      isClosing = true;
      closing ??= Promise.all(
        connections.map(async ({ redis }) => {
          // QUIT waits for replies still due; a connection that is away has none to wait for.
          if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
          else redis.disconnect();
        }),
      ).then(() => undefined);
      return closing;
    },
  };
}
