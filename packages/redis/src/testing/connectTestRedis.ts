import { randomBytes } from "node:crypto";
import { connectRedis, type RedisConnections } from "../connectRedis";

export interface TestRedis {
  url: string;
  /** Unique to this test run: "chatwright-test:<random>:". Every key and channel of the test starts with it. */
  prefix: string;
  /** One "server process": its own command and subscriber connections. Closed by `cleanUp`. */
  connect(): Promise<RedisConnections>;
  /** Deletes the keys under `prefix` and closes every connection opened here. */
  cleanUp(): Promise<void>;
}

/**
 * Redis for integration tests: REDIS_URL, else redis://127.0.0.1:6379. It is
 * always there on CI, so an unreachable server fails the test with a clear
 * message instead of skipping it.
 */
export async function connectTestRedis(): Promise<TestRedis> {
  const url = process.env["REDIS_URL"] || "redis://127.0.0.1:6379";
  const prefix = `chatwright-test:${randomBytes(6).toString("hex")}:`;
  const opened: RedisConnections[] = [];
  const connect = async () => {
    try {
      const connections = await connectRedis({ url, connectionName: "chatwright-test", onConnectionLost: () => undefined });
      opened.push(connections);
      return connections;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`These tests need a Redis server at ${url} (REDIS_URL, default redis://127.0.0.1:6379): ${reason} Start one, e.g. "redis-server --daemonize yes", or point REDIS_URL at one.`, {
        cause: error,
      });
    }
  };
  const admin = await connect();
  return {
    url,
    prefix,
    connect,
    async cleanUp() {
      if (admin.commands.status === "ready") {
        let cursor = "0";
        do {
          const [next, keys] = await admin.commands.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
          if (keys.length > 0) await admin.commands.del(...keys);
          cursor = next;
        } while (cursor !== "0");
      }
      await Promise.all(opened.map((connections) => connections.close()));
    },
  };
}
