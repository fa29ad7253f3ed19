import { createLoginThrottle, createRateLimiter, DEFAULT_LOGIN_THROTTLE_RULES, type LoginThrottle, type RateLimiter } from "@chatwright/api";
import {
  connectRedis,
  createRedisLoginThrottle,
  createRedisPresence,
  createRedisPublisher,
  createRedisRateLimiter,
  redactRedisUrl,
  type Redis,
  type RedisPublisher,
} from "@chatwright/redis";
import { createInMemoryPresence, createInProcessPublisher, type AgentPresence, type ConversationPublisher } from "@chatwright/runtime";

interface Log {
  info(message: string): void;
  warn(details: object, message: string): void;
}

/** What server processes must share to act as one: event fan-out, agent presence, widget rate limits, sign-in throttling (and the answer cache's store). */
export interface SharedState {
  publisher: ConversationPublisher;
  presence: AgentPresence;
  limiter: RateLimiter;
  /** Sign-in attempts per email (and email from one IP) and per IP (ApiServices.throttle). */
  loginThrottle: { byEmail: LoginThrottle; byIp: LoginThrottle };
  /** For the answer cache; null without Redis. */
  redis: { commands: Redis; prefix: string } | null;
  /** For the runtime's handoff: an unanswerable presence counts as someone online (the visitor waits in the queue rather than being told nobody is in). */
  isAgentOnline(workspaceId: string): Promise<boolean>;
  /** After the app has closed: stops Redis subscriptions and quits its connections. */
  close(): Promise<void>;
}

/**
 * With REDIS_URL, state shared through Redis, so any number of processes
 * serve one product (ARCHITECTURE.md, "Several processes"); without it, this process's memory.
 * Connecting and subscribing finish before this resolves, so the server
 * only listens once it can hear the other processes.
 */
export async function openSharedState(options: { redisUrl: string | undefined; redisPrefix: string; log: Log }): Promise<SharedState> {
  const { log } = options;
  if (!options.redisUrl) {
    const presence = createInMemoryPresence();
    return {
      publisher: createInProcessPublisher(),
      presence,
      limiter: createRateLimiter(),
      loginThrottle: {
        byEmail: createLoginThrottle(DEFAULT_LOGIN_THROTTLE_RULES.byEmail),
        byIp: createLoginThrottle(DEFAULT_LOGIN_THROTTLE_RULES.byIp),
      },
      redis: null,
      isAgentOnline: (workspaceId) => presence.isAnyoneOnline(workspaceId),
      close: async () => undefined,
    };
  }
  const where = redactRedisUrl(options.redisUrl);
  const connections = await connectRedis({
    url: options.redisUrl,
    connectionName: "chatwright",
    onConnectionLost: (error, connection) =>
      log.warn(
        { err: error, connection },
        `Redis at ${where} is unreachable; reconnecting. Meanwhile events reach only this process's clients, widget rate limits and sign-in throttling are not enforced and cached answers are not used.`,
      ),
    onConnectionRestored: (connection) => log.info(`Redis at ${where} is reachable again (${connection} connection)`),
  });
  const prefix = options.redisPrefix;
  let publisher: RedisPublisher;
  try {
    publisher = await createRedisPublisher({
      ...connections,
      prefix,
      onError: (error, during) => log.warn({ err: error, during }, during === "publish" ? "an event could not be sent to the other processes through Redis" : "an event from Redis could not be read"),
    });
  } catch (error) {
    await connections.close();
    throw error;
  }
  const presence = createRedisPresence(connections.commands, { prefix });
  const redisLimiter = createRedisRateLimiter(connections.commands, { prefix });
  return {
    publisher,
    presence,
    limiter: {
      // Fails open: while Redis is away visitors can still chat, unthrottled, rather than not at all.
      take: (hits, now) =>
        redisLimiter.take(hits, now).catch((error: unknown) => {
          log.warn({ err: error }, "widget rate limits could not be checked in Redis; the request was let through");
          return { ok: true as const };
        }),
    },
    loginThrottle: {
      byEmail: failOpen(createRedisLoginThrottle(connections.commands, { name: "email", rule: DEFAULT_LOGIN_THROTTLE_RULES.byEmail, prefix }), log),
      byIp: failOpen(createRedisLoginThrottle(connections.commands, { name: "ip", rule: DEFAULT_LOGIN_THROTTLE_RULES.byIp, prefix }), log),
    },
    redis: { commands: connections.commands, prefix },
    isAgentOnline: (workspaceId) =>
      presence.isAnyoneOnline(workspaceId).catch((error: unknown) => {
        log.warn({ err: error, workspaceId }, "agent presence could not be read from Redis; treating the handoff as if an agent were online");
        return true;
      }),
    async close() {
      await publisher.close();
      await connections.close();
    },
  };
}

/**
 * Fails open, as the widget's rate limits do: while Redis is away people can
 * still sign in (a password is still needed) rather than nobody at all, and
 * failures in that time are not counted.
 */
function failOpen(throttle: LoginThrottle, log: Log): LoginThrottle {
  const warn = (error: unknown) => {
    log.warn({ err: error }, "sign-in throttling could not be checked or counted in Redis; the attempt was let through");
  };
  return {
    check: (key, now, client) =>
      throttle.check(key, now, client).catch((error: unknown) => {
        warn(error);
        return { isBlocked: false as const };
      }),
    // An attempt Redis never counted: releasing or resetting it later fails open too.
    reserve: (key, now, client) =>
      throttle.reserve(key, now, client).catch((error: unknown) => {
        warn(error);
        return { isBlocked: false as const, id: "", locksOut: null };
      }),
    release: (key, attemptId, client) => throttle.release(key, attemptId, client).catch(warn),
    recordFailure: (key, now, client) => throttle.recordFailure(key, now, client).catch(warn),
    reset: (key, client) => throttle.reset(key, client).catch(warn),
  };
}
