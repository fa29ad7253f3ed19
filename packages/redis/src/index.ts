export type { Redis } from "ioredis";
export { connectRedis, type ConnectRedisOptions, type RedisConnectionName, type RedisConnections } from "./connectRedis";
export { redactRedisUrl } from "./redactRedisUrl";
export { createRedisPublisher, type RedisPublisher, type RedisPublisherOptions } from "./createRedisPublisher";
export { createRedisPresence, type RedisPresenceOptions } from "./createRedisPresence";
export { createRedisRateLimiter } from "./createRedisRateLimiter";
export { createRedisLoginThrottle } from "./createRedisLoginThrottle";
export { createRedisAnswerStore } from "./createRedisAnswerStore";
