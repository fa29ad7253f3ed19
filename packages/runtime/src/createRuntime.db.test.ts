import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClients, type DbClients } from "@chatwright/db";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices, type FlowServices } from "@chatwright/flow";
import { createRuntime, type RuntimeOptions } from "./createRuntime";
import { createInProcessPublisher } from "./createInProcessPublisher";
import { createGuardedHttpClient } from "./services/createGuardedHttpClient";
import type { OutboundEvent } from "./outbound";
import { buildGraph, createWorkspaceWithBot, publishGraph } from "./testing/fixtures";

let db: MigratedTestDatabase;
let slowServer: http.Server;
let slowUrl: string;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 8 });
  slowServer = http.createServer((_req, res) => setTimeout(() => res.end("{}"), 1500));
  await new Promise<void>((resolve) => slowServer.listen(0, "127.0.0.1", resolve));
  slowUrl = `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}/orders`;
});
afterAll(async () => {
  slowServer.closeAllConnections();
  slowServer.close();
  await db.close();
});

const guardedHttp = createGuardedHttpClient({ allowPrivate: true });
const baseServices: FlowServices = { ...createKeywordServices(), httpRequest: guardedHttp, now: () => Date.now() };

function makeRuntime(overrides: Partial<RuntimeOptions> = {}) {
  const publisher = createInProcessPublisher();
  const runtime = createRuntime({ pool: db.pool, publisher, servicesFor: () => baseServices, ...overrides });
  return { runtime, publisher };
}

const echoGraph = buildGraph(
  [
    { id: "start", type: "start", data: { greeting: "Hi! Ask me anything." } },
    { id: "listen", type: "listen", data: { variable: "q" } },
    { id: "echo", type: "message", data: { text: "You said: {{ q }}" } },
  ],
  ["start:next->listen", "listen:next->echo", "echo:next->listen"],
);

async function messagesOf(conversationId: string) {
  return db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });
}

describe("runtime turn loop on a real database", () => {
  it("greets, answers, and continues after a restart (new runtime instance, same database)", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Restart");
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: echoGraph });
    const first = makeRuntime().runtime;
    const started = await first.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v1" });
    expect(started.replies.map((m) => m.text)).toEqual(["Hi! Ask me anything."]);
    const one = await first.sendVisitorMessage({ conversationId: started.conversationId, text: "first", clientMessageId: "c1" });
    expect(one.replies.map((m) => m.text)).toEqual(["You said: first"]);

    // A second server process: nothing in memory, everything from the database.
    const second = createDbClients({ url: db.url, maxConnections: 2 });
    try {
      const restarted = createRuntime({ pool: second.pool, publisher: createInProcessPublisher(), servicesFor: () => baseServices });
      const two = await restarted.sendVisitorMessage({ conversationId: started.conversationId, text: "second", clientMessageId: "c2" });
      expect(two.replies.map((m) => m.text)).toEqual(["You said: second"]);
    } finally {
      await second.close();
    }
    const stored = await messagesOf(started.conversationId);
    expect(stored.map((m) => [m.seq, m.role, m.text])).toEqual([
      [1, "BOT", "Hi! Ask me anything."],
      [2, "VISITOR", "first"],
      [3, "BOT", "You said: first"],
      [4, "VISITOR", "second"],
      [5, "BOT", "You said: second"],
    ]);
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: started.conversationId } });
    expect(conversation).toMatchObject({ status: "BOT", activeNodeId: "listen", lastSeq: 5 });
    expect(conversation.variables).toMatchObject({ q: "second" });
  });

  it("records the nodes each turn passed through as one path event per turn", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Path");
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: echoGraph });
    const { runtime } = makeRuntime();
    const started = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v1" });
    await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "hello", clientMessageId: "c1" });
    const events = await db.prisma.conversationEvent.findMany({ where: { conversationId: started.conversationId }, orderBy: { createdAt: "asc" } });
    const [visitorMessage] = (await messagesOf(started.conversationId)).filter((m) => m.role === "VISITOR");
    expect(events.map((e) => [e.type, e.nodeId, e.data])).toEqual([
      ["path", "listen", { entered: ["start", "listen"], left: ["start"], results: [] }],
      ["path", "listen", { entered: ["echo", "listen"], left: ["listen", "echo"], results: [], message: visitorMessage?.id }],
    ]);
  });

  it("serialises two runtimes sending to one conversation at once: one turn at a time, in message order, none lost or answered twice", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Concurrent");
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: echoGraph });
    const other: DbClients = createDbClients({ url: db.url, maxConnections: 4 });
    try {
      const a = makeRuntime().runtime;
      const b = createRuntime({ pool: other.pool, publisher: createInProcessPublisher(), servicesFor: () => baseServices });
      const { conversationId } = await a.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
      const sends = Array.from({ length: 16 }, (_, i) =>
        (i % 2 === 0 ? a : b).sendVisitorMessage({ conversationId, text: `m${i}`, clientMessageId: `id${i}` }),
      );
      const results = await Promise.all(sends);
      for (const [i, result] of results.entries()) expect(result.replies.map((r) => r.text)).toEqual([`You said: m${i}`]);
      const stored = await messagesOf(conversationId);
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
      // Messages that arrive while a turn runs are stored at once, so replies may come after later
      // messages; but each visitor message has exactly one reply, and replies come in message order.
      const visitors = stored.filter((m) => m.role === "VISITOR");
      const replies = stored.filter((m) => m.role === "BOT").slice(1);
      expect(replies.map((r) => r.inReplyToId)).toEqual(visitors.map((v) => v.id));
      for (const [i, reply] of replies.entries()) expect(reply.text).toBe(`You said: ${visitors[i]?.text}`);
      for (const visitor of visitors) {
        const reply = stored.find((m) => m.inReplyToId === visitor.id);
        expect(reply && reply.seq > visitor.seq).toBe(true);
        expect(visitor.awaitingReply).toBe(false);
      }
      const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      expect(conversation).toMatchObject({ turnId: null, turnLeaseUntil: null, lastSeq: 33 });
    } finally {
      await other.close();
    }
  });

  it("answers the same clientMessageId once: the retry gets the stored reply and nothing runs twice", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Idempotent");
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: echoGraph });
    const { runtime, publisher } = makeRuntime();
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    const seen: OutboundEvent[] = [];
    publisher.subscribe(conversationId, (e) => seen.push(e));
    const first = await runtime.sendVisitorMessage({ conversationId, text: "where is my order", clientMessageId: "same" });
    const again = await runtime.sendVisitorMessage({ conversationId, text: "where is my order", clientMessageId: "same" });
    expect(again.isDuplicate).toBe(true);
    expect(again.visitorMessage?.id).toBe(first.visitorMessage?.id);
    expect(again.replies.map((r) => r.id)).toEqual(first.replies.map((r) => r.id));
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(3);
    expect(seen.filter((e) => e.type === "message")).toHaveLength(2);
  });

  it("keeps a conversation on the version it started with after a new version is published", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Pinned");
    const graphSaying = (word: string) =>
      buildGraph(
        [
          { id: "start", type: "start", data: {} },
          { id: "listen", type: "listen", data: {} },
          { id: "say", type: "message", data: { text: `${word}: {{ last_message }}` } },
        ],
        ["start:next->listen", "listen:next->say", "say:next->listen"],
      );
    const v1 = await publishGraph(db.prisma, { workspaceId, botId, graph: graphSaying("v1") });
    const { runtime } = makeRuntime();
    const old = await runtime.startConversation({ workspaceId, botId, flowVersionId: v1, visitorId: "v" });
    await runtime.sendVisitorMessage({ conversationId: old.conversationId, text: "a", clientMessageId: null });
    const v2 = await publishGraph(db.prisma, { workspaceId, botId, graph: graphSaying("v2") });
    const later = await runtime.sendVisitorMessage({ conversationId: old.conversationId, text: "b", clientMessageId: null });
    expect(later.replies.map((r) => r.text)).toEqual(["v1: b"]);
    const fresh = await runtime.startConversation({ workspaceId, botId, flowVersionId: v2, visitorId: "w" });
    const reply = await runtime.sendVisitorMessage({ conversationId: fresh.conversationId, text: "c", clientMessageId: null });
    expect(reply.replies.map((r) => r.text)).toEqual(["v2: c"]);
  });

  it("stops a turn that runs past the step limit, tells the visitor, and stays usable", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Steps");
    const chain = ["m1", "m2", "m3", "m4", "m5", "m6"];
    const graph = buildGraph(
      [{ id: "start", type: "start", data: {} }, { id: "listen", type: "listen", data: {} }, ...chain.map((id) => ({ id, type: "message", data: { text: id } }))],
      ["start:next->listen", "listen:next->m1", "m1:next->m2", "m2:next->m3", "m3:next->m4", "m4:next->m5", "m5:next->m6", "m6:next->listen"],
    );
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph });
    const errors: string[] = [];
    const { runtime } = makeRuntime({ maxStepsPerTurn: 4, onTurnError: (e) => errors.push(e.code) });
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    const turn = await runtime.sendVisitorMessage({ conversationId, text: "go", clientMessageId: null });
    expect(turn.status).toBe("BOT");
    expect(turn.replies.at(-1)?.text).toMatch(/sorry/i);
    expect(errors).toEqual(["stepLimit"]);
    expect(await db.prisma.conversationEvent.count({ where: { conversationId, type: "turnError" } })).toBe(1);
    const next = await runtime.sendVisitorMessage({ conversationId, text: "again", clientMessageId: null });
    expect(next.replies.length).toBeGreaterThan(0);
  });

  it("follows an http node's error output when the target times out", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Http");
    const graph = buildGraph(
      [
        { id: "start", type: "start", data: {} },
        { id: "listen", type: "listen", data: { variable: "order_number" } },
        { id: "lookup", type: "http", data: { method: "GET", url: `${slowUrl}/{{ order_number }}`, headers: {}, body: "", timeoutMs: 200, responseMapping: [{ variable: "order_status", path: "status" }] } },
        { id: "found", type: "message", data: { text: "Your order is {{ order_status }}." } },
        { id: "slow", type: "message", data: { text: "Our order system is not answering right now." } },
      ],
      ["start:next->listen", "listen:next->lookup", "lookup:ok->found", "lookup:error->slow", "found:next->listen", "slow:next->listen"],
    );
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph });
    const { runtime } = makeRuntime();
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    const turn = await runtime.sendVisitorMessage({ conversationId, text: "1234", clientMessageId: null });
    expect(turn.replies.map((r) => r.text)).toEqual(["Our order system is not answering right now."]);
  });

  it("hands off to a person: bot replies stop, agent return resumes at the returned output", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Handoff");
    const graph = buildGraph(
      [
        { id: "start", type: "start", data: {} },
        { id: "listen", type: "listen", data: {} },
        { id: "human", type: "handoff", data: { waitingMessage: "Connecting you to a person…" } },
        { id: "back", type: "message", data: { text: "The bot is back. Anything else?" } },
        { id: "bye", type: "end", data: { message: "Glad we could help!", askRating: false } },
      ],
      ["start:next->listen", "listen:next->human", "human:returned->back", "human:resolved->bye", "back:next->listen"],
    );
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph });
    const { runtime, publisher } = makeRuntime();
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    const events: OutboundEvent[] = [];
    publisher.subscribe(conversationId, (e) => events.push(e));
    const asked = await runtime.sendVisitorMessage({ conversationId, text: "I want a human", clientMessageId: null });
    expect(asked.status).toBe("WAITING_AGENT");
    expect(asked.replies.map((r) => r.text)).toEqual(["Connecting you to a person…"]);
    const waiting = await runtime.sendVisitorMessage({ conversationId, text: "hello?", clientMessageId: null });
    expect(waiting.replies).toEqual([]);
    expect(waiting.visitorMessage?.text).toBe("hello?");
    await expect(runtime.releaseFromAgent({ conversationId, workspaceId: "00000000-0000-4000-8000-000000000000", outcome: "returned" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const back = await runtime.releaseFromAgent({ conversationId, workspaceId, outcome: "returned" });
    expect(back.status).toBe("BOT");
    expect(back.replies.map((r) => r.text)).toEqual(["The bot is back. Anything else?"]);
    expect(events.filter((e) => e.type === "status").map((e) => (e.type === "status" ? e.status : null))).toEqual(["WAITING_AGENT", "BOT"]);
    await expect(runtime.releaseFromAgent({ conversationId, workspaceId, outcome: "resolved" })).rejects.toMatchObject({ code: "NOT_IN_HANDOFF" });
  });

  it("streams an AI reply's tokens to subscribers before storing the full message", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Stream");
    const graph = buildGraph(
      [
        { id: "start", type: "start", data: {} },
        { id: "listen", type: "listen", data: {} },
        { id: "ai", type: "llm", data: { prompt: "{{ last_message }}", systemPrompt: "Be brief.", model: "openai/gpt-4o-mini", temperature: 0, maxTokens: 50, useKnowledge: false } },
      ],
      ["start:next->listen", "listen:next->ai", "ai:next->listen"],
    );
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph });
    const streaming: FlowServices = {
      ...baseServices,
      generate: async (request) => {
        for (const chunk of ["Tea ", "ships ", "in 2 days."]) request.onToken(chunk);
        return { text: "Tea ships in 2 days." };
      },
    };
    const { runtime, publisher } = makeRuntime({ servicesFor: () => streaming });
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    const events: OutboundEvent[] = [];
    publisher.subscribe(conversationId, (e) => events.push(e));
    const turn = await runtime.sendVisitorMessage({ conversationId, text: "shipping?", clientMessageId: null });
    expect(turn.replies.map((r) => r.text)).toEqual(["Tea ships in 2 days."]);
    const order = events.map((e) => (e.type === "token" ? `token:${e.text}` : e.type === "message" ? `message:${e.message.role}` : e.type));
    // The visitor's message is published as soon as it is stored, before the bot starts.
    expect(order).toEqual(["message:VISITOR", "token:Tea ", "token:ships ", "token:in 2 days.", "message:BOT"]);
  });

  it("refuses empty and oversize messages and stores nothing", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Limits");
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: echoGraph });
    const { runtime } = makeRuntime();
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    await expect(runtime.sendVisitorMessage({ conversationId, text: "x".repeat(4001), clientMessageId: null })).rejects.toMatchObject({ code: "INVALID_MESSAGE" });
    await expect(runtime.sendVisitorMessage({ conversationId, text: "   ", clientMessageId: null })).rejects.toMatchObject({ code: "INVALID_MESSAGE" });
    await expect(runtime.sendVisitorMessage({ conversationId: "00000000-0000-4000-8000-000000000000", text: "hi", clientMessageId: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
  });

  it("stores quotes and backslashes as typed, matches such a clientMessageId again, and refuses a NUL character without storing anything", async () => {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, "Escaping");
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: echoGraph });
    const { runtime } = makeRuntime();
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    const text = String.raw`it's a \n 'quoted' \ path; DROP TABLE "Message"; --`;
    const turn = await runtime.sendVisitorMessage({ conversationId, text, clientMessageId: "c'1\\" });
    expect(turn.replies.map((r) => r.text)).toEqual([`You said: ${text}`]);
    const again = await runtime.sendVisitorMessage({ conversationId, text: "other", clientMessageId: "c'1\\" });
    expect(again).toMatchObject({ isDuplicate: true, replies: [{ text: `You said: ${text}` }] });
    await expect(runtime.sendVisitorMessage({ conversationId, text: "a\0b", clientMessageId: "c2" })).rejects.toThrow();
    await expect(runtime.sendVisitorMessage({ conversationId, text: "fine", clientMessageId: "c\0" })).rejects.toThrow();
    const stored = await messagesOf(conversationId);
    expect(stored.map((m) => m.text)).toEqual(["Hi! Ask me anything.", text, `You said: ${text}`]);
    const next = await runtime.sendVisitorMessage({ conversationId, text: "still here", clientMessageId: "c3" });
    expect(next.replies.map((r) => r.text)).toEqual(["You said: still here"]);
  });
});
