import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentPresence } from "@chatwright/runtime";
import { createRedisPresence } from "./createRedisPresence";
import { connectTestRedis, type TestRedis } from "./testing";

// Two presences on one Redis stand for two server processes, sharing a clock the test moves.
let redis: TestRedis;
let a: AgentPresence;
let b: AgentPresence;
let clock = Date.parse("2026-03-01T12:00:00Z");
const now = () => new Date(clock);

beforeAll(async () => {
  redis = await connectTestRedis();
  a = createRedisPresence((await redis.connect()).commands, { prefix: redis.prefix, now, onlineWindowMs: 45_000 });
  b = createRedisPresence((await redis.connect()).commands, { prefix: redis.prefix, now, onlineWindowMs: 45_000 });
});
afterAll(async () => {
  await redis?.cleanUp();
});

describe("agent presence in Redis", () => {
  it("sees on one process the heartbeat sent to another, with its state", async () => {
    const workspaceId = randomUUID();
    const ada = randomUUID();
    const bob = randomUUID();
    expect(await b.isAnyoneOnline(workspaceId)).toBe(false);
    expect(await b.list(workspaceId)).toEqual([]);

    await a.heartbeat({ workspaceId, userId: ada, state: "away" });
    expect(await b.list(workspaceId)).toEqual([{ userId: ada, state: "away", lastSeenAt: now() }]);
    expect(await b.isAnyoneOnline(workspaceId)).toBe(false);

    clock += 5_000;
    await b.heartbeat({ workspaceId, userId: bob, state: "online" });
    expect(await a.isAnyoneOnline(workspaceId)).toBe(true);
    expect((await a.list(workspaceId)).sort((x, y) => x.lastSeenAt.getTime() - y.lastSeenAt.getTime())).toEqual([
      { userId: ada, state: "away", lastSeenAt: new Date(clock - 5_000) },
      { userId: bob, state: "online", lastSeenAt: now() },
    ]);

    // Bob steps away: nobody online, both still present.
    await a.heartbeat({ workspaceId, userId: bob, state: "away" });
    expect(await b.isAnyoneOnline(workspaceId)).toBe(false);
    expect(await b.list(workspaceId)).toHaveLength(2);
    // Another workspace sees none of it.
    expect(await b.list(randomUUID())).toEqual([]);
  });

  it("forgets an agent not heard from within the window, and trims them on the next heartbeat", async () => {
    const workspaceId = randomUUID();
    const ada = randomUUID();
    const bob = randomUUID();
    await a.heartbeat({ workspaceId, userId: ada, state: "online" });
    clock += 30_000;
    await a.heartbeat({ workspaceId, userId: bob, state: "away" });
    clock += 15_000;
    // Exactly the window since Ada's beat: still counted.
    expect(await b.isAnyoneOnline(workspaceId)).toBe(true);
    clock += 1;
    expect(await b.isAnyoneOnline(workspaceId)).toBe(false);
    expect((await b.list(workspaceId)).map((agent) => agent.userId)).toEqual([bob]);

    await b.heartbeat({ workspaceId, userId: bob, state: "online" });
    const admin = await redis.connect();
    expect(await admin.commands.zrange(`${redis.prefix}presence:${workspaceId}`, "0", "-1")).toEqual([bob]);
    expect(await admin.commands.hkeys(`${redis.prefix}presence:${workspaceId}:state`)).toEqual([bob]);
    expect(await admin.commands.pttl(`${redis.prefix}presence:${workspaceId}`)).toBeGreaterThan(45_000);
    expect(await a.isAnyoneOnline(workspaceId)).toBe(true);
  });
});
