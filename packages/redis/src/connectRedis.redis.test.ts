import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisConnectionName } from "./connectRedis";
import { connectTestRedis, type TestRedis } from "./testing";

let redis: TestRedis;
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await redis?.cleanUp();
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 1;
}

describe("connectRedis", () => {
  it("says what to check when Redis cannot be reached, without the password", async () => {
    const url = `redis://:hunter2@127.0.0.1:${await closedPort()}`;
    const connecting = connectRedis({ url, onConnectionLost: () => undefined });
    await expect(connecting).rejects.toThrow(/^Could not connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)\. Check that Redis is running/);
    await expect(connecting).rejects.not.toThrow(/hunter2/);
  });

  it("reports a lost connection once, reconnects, and reports it back", async () => {
    const events: string[] = [];
    const connections = await connectRedis({
      url: redis.url,
      connectionName: "chatwright-test",
      onConnectionLost: (_error, connection: RedisConnectionName) => events.push(`lost ${connection}`),
      onConnectionRestored: (connection) => events.push(`back ${connection}`),
    });
    try {
      const ids = await Promise.all([connections.commands.client("ID"), connections.subscriber.client("ID")]);
      const admin = await redis.connect();
      for (const id of ids) await admin.commands.client("KILL", "ID", id);
      await expect.poll(() => events, { timeout: 5_000 }).toEqual(expect.arrayContaining(["lost commands", "lost subscriber", "back commands", "back subscriber"]));
      expect(events.filter((e) => e === "lost commands")).toHaveLength(1);
      expect(await connections.commands.ping()).toBe("PONG");
    } finally {
      await connections.close();
    }
    await connections.close();
  });
});
