import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxEvent, OutboundEvent, StoredMessage } from "@chatwright/runtime";
import { connectRedis } from "./connectRedis";
import { createRedisPublisher, type RedisPublisher } from "./createRedisPublisher";
import { connectTestRedis, type TestRedis } from "./testing";

// Two publishers on one Redis stand for two server processes.
let redis: TestRedis;
let a: RedisPublisher;
let b: RedisPublisher;
const errors: unknown[] = [];

beforeAll(async () => {
  redis = await connectTestRedis();
  const processA = await redis.connect();
  const processB = await redis.connect();
  const onError = (error: unknown) => errors.push(error);
  a = await createRedisPublisher({ ...processA, prefix: redis.prefix, onError });
  b = await createRedisPublisher({ ...processB, prefix: redis.prefix, onError });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.cleanUp();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

function messageEvent(conversationId: string, seq: number): OutboundEvent & { type: "message" } {
  const message: StoredMessage = {
    id: randomUUID(),
    conversationId,
    seq,
    role: "AGENT",
    text: `reply ${seq}`,
    clientMessageId: null,
    nodeId: null,
    quickReplies: ["Yes", "No"],
    createdAt: new Date("2026-01-02T03:04:05.678Z"),
  };
  return { type: "message", conversationId, message };
}

describe("the Redis publisher", () => {
  it("delivers an event published on one process to the other's subscriber once, and to its own once, with dates revived", async () => {
    const conversationId = randomUUID();
    const onA: OutboundEvent[] = [];
    const onB: OutboundEvent[] = [];
    a.subscribe(conversationId, (event) => onA.push(event));
    b.subscribe(conversationId, (event) => onB.push(event));
    const event = messageEvent(conversationId, 1);
    a.publish(event);
    // The publishing process's own subscribers get it at once, not through Redis.
    expect(onA).toEqual([event]);
    await expect.poll(() => onB.length).toBe(1);
    await settle();
    expect(onA).toEqual([event]);
    expect(onB).toEqual([event]);
    const received = onB[0];
    expect(received?.type === "message" && received.message.createdAt).toBeInstanceOf(Date);

    b.publish({ type: "status", conversationId, status: "AGENT" });
    b.publish({ type: "token", conversationId, nodeId: "answer", text: "Hel" });
    b.publish({ type: "typing", conversationId, isTyping: true });
    await expect.poll(() => onA.length).toBe(4);
    expect(onA.slice(1)).toEqual([
      { type: "status", conversationId, status: "AGENT" },
      { type: "token", conversationId, nodeId: "answer", text: "Hel" },
      { type: "typing", conversationId, isTyping: true },
    ]);
    expect(onB).toHaveLength(4);
  });

  it("keeps conversations apart", async () => {
    const watched = randomUUID();
    const onB: OutboundEvent[] = [];
    b.subscribe(watched, (event) => onB.push(event));
    a.publish(messageEvent(randomUUID(), 1));
    a.publish(messageEvent(watched, 7));
    await expect.poll(() => onB.length).toBe(1);
    await settle();
    expect(onB.map((e) => e.type === "message" && e.message.seq)).toEqual([7]);
  });

  it("fans the workspace inbox topic out the same way", async () => {
    const workspaceId = randomUUID();
    const onA: InboxEvent[] = [];
    const onB: InboxEvent[] = [];
    a.subscribeWorkspace(workspaceId, (event) => onA.push(event));
    b.subscribeWorkspace(workspaceId, (event) => onB.push(event));
    const notice: InboxEvent = { type: "inbox", workspaceId, conversationId: randomUUID(), status: "WAITING_AGENT", reason: "handoff" };
    b.publishInbox(notice);
    expect(onB).toEqual([notice]);
    await expect.poll(() => onA.length).toBe(1);
    await settle();
    expect(onA).toEqual([notice]);
    expect(onB).toEqual([notice]);
    // The inbox topic and a conversation's are separate channels.
    const onConversation: OutboundEvent[] = [];
    a.subscribe(workspaceId, (event) => onConversation.push(event));
    b.publishInbox({ ...notice, reason: "claimed" });
    await expect.poll(() => onA.length).toBe(2);
    expect(onConversation).toEqual([]);
  });

  it("stops delivering after unsubscribe", async () => {
    const conversationId = randomUUID();
    const onB: OutboundEvent[] = [];
    const unsubscribe = b.subscribe(conversationId, (event) => onB.push(event));
    a.publish(messageEvent(conversationId, 1));
    await expect.poll(() => onB.length).toBe(1);
    unsubscribe();
    a.publish(messageEvent(conversationId, 2));
    await settle();
    expect(onB).toHaveLength(1);
  });

  it("reports a message it cannot read and goes on", async () => {
    const conversationId = randomUUID();
    const onB: OutboundEvent[] = [];
    b.subscribe(conversationId, (event) => onB.push(event));
    const spy = await redis.connect();
    await spy.commands.publish(`${redis.prefix}conv:${conversationId}`, JSON.stringify({ origin: "elsewhere", event: { type: "message", conversationId } }));
    await spy.commands.publish(`${redis.prefix}conv:${conversationId}`, "not json");
    await expect.poll(() => errors.length).toBeGreaterThanOrEqual(4);
    a.publish(messageEvent(conversationId, 1));
    await expect.poll(() => onB.length).toBe(1);
    errors.length = 0;
  });

  it("subscribes again after its connection to Redis is cut", async () => {
    const name = `chatwright-test-${randomUUID().slice(0, 8)}`;
    const restored: string[] = [];
    const connections = await connectRedis({ url: redis.url, connectionName: name, onConnectionLost: () => undefined, onConnectionRestored: (c) => restored.push(c) });
    try {
      const c = await createRedisPublisher({ ...connections, prefix: redis.prefix, onError: (error) => errors.push(error) });
      const admin = await redis.connect();
      const clients = String(await admin.commands.client("LIST"));
      const id = /id=(\d+) [^\n]*name=(\S+)/g;
      for (const match of clients.matchAll(id)) if (match[2] === `${name}:subscriber`) await admin.commands.client("KILL", "ID", match[1] ?? "");
      await expect.poll(() => restored, { timeout: 5_000 }).toContain("subscriber");
      const conversationId = randomUUID();
      const onC: OutboundEvent[] = [];
      c.subscribe(conversationId, (event) => onC.push(event));
      // The resubscription is sent right after the reconnect; publish until it is through.
      await expect.poll(() => (a.publish({ type: "typing", conversationId, isTyping: true }), onC.length > 0), { timeout: 5_000 }).toBe(true);
      await c.close();
    } finally {
      await connections.close();
    }
  });

  it("keeps delivering inside the process while Redis is away", async () => {
    const alone = await redis.connect();
    const publisher = await createRedisPublisher({ ...alone, prefix: redis.prefix, onError: (error) => errors.push(error) });
    const conversationId = randomUUID();
    const local: OutboundEvent[] = [];
    publisher.subscribe(conversationId, (event) => local.push(event));
    alone.commands.disconnect();
    const event = messageEvent(conversationId, 1);
    expect(() => publisher.publish(event)).not.toThrow();
    expect(local).toEqual([event]);
    await settle();
    await publisher.close();
  });
});
