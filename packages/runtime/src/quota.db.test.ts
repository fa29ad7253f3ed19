import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUOTA_EXCEEDED_REPLY } from "@chatwright/billing";
import { readMessageUsage } from "@chatwright/billing/usage";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices, type FlowServices } from "@chatwright/flow";
import { createRuntime } from "./createRuntime";
import { createInProcessPublisher } from "./createInProcessPublisher";
import { TURN_ABANDONED_REPLY } from "./createTurnRunner";
import { buildGraph, createWorkspaceWithBot, publishGraph } from "./testing/fixtures";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 8 });
});
afterAll(async () => {
  await db.close();
});

// start -> listen -> llm (replies) -> listen: every visitor message costs one LLM call while under quota.
const aiGraph = buildGraph(
  [
    { id: "start", type: "start", data: { greeting: "Hi! Ask me anything." } },
    { id: "listen", type: "listen", data: { variable: "q" } },
    { id: "ai", type: "llm", data: { prompt: "{{ q }}", systemPrompt: "Be brief.", model: "openai/gpt-4o-mini", temperature: 0, maxTokens: 100, useKnowledge: false } },
  ],
  ["start:next->listen", "listen:next->ai", "ai:next->listen"],
);

function setUp() {
  const llmCalls: string[] = [];
  const services: FlowServices = {
    ...createKeywordServices(),
    generate: async (request) => {
      llmCalls.push(request.prompt);
      return { text: `AI: ${request.prompt}` };
    },
  };
  const publisher = createInProcessPublisher();
  const runtime = createRuntime({ pool: db.pool, publisher, servicesFor: () => services, now: () => new Date("2026-11-20T12:00:00Z") });
  return { runtime, llmCalls };
}

async function startOn(plan: "FREE" | "STARTER" | "PRO", name: string, alreadyUsed: number) {
  const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, name);
  await db.prisma.workspace.update({ where: { id: workspaceId }, data: { plan } });
  if (alreadyUsed > 0) {
    await db.prisma.usageCounter.create({ data: { workspaceId, month: "2026-11", visitorMessages: alreadyUsed } });
  }
  const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: aiGraph });
  return { workspaceId, botId, flowVersionId };
}

const usageOf = async (workspaceId: string) => (await readMessageUsage(db.pool, { workspaceId, at: new Date("2026-11-20T12:00:00Z") })).visitorMessages;

describe("visitor message quota", () => {
  it("counts each accepted visitor message once, even when the widget resends the same clientMessageId", async () => {
    const { runtime, llmCalls } = setUp();
    const shop = await startOn("FREE", "Counting shop", 0);
    const started = await runtime.startConversation({ ...shop, visitorId: "v1" });
    expect(await usageOf(shop.workspaceId)).toBe(0); // the greeting is not a visitor message
    const first = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "hello", clientMessageId: "msg-1" });
    const again = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "hello", clientMessageId: "msg-1" });
    expect(again.isDuplicate).toBe(true);
    expect(again.replies.map((m) => m.text)).toEqual(first.replies.map((m) => m.text));
    await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "second", clientMessageId: "msg-2" });
    expect(await usageOf(shop.workspaceId)).toBe(2);
    expect(llmCalls).toHaveLength(2);
  });

  it("counts concurrent messages of many conversations without losing one", async () => {
    const { runtime } = setUp();
    const shop = await startOn("PRO", "Busy shop", 0);
    const conversations = await Promise.all(Array.from({ length: 6 }, (_, i) => runtime.startConversation({ ...shop, visitorId: `busy-${i}` })));
    await Promise.all(
      conversations.flatMap((c, i) => [
        runtime.sendVisitorMessage({ conversationId: c.conversationId, text: "one", clientMessageId: `busy-${i}-1` }),
        runtime.sendVisitorMessage({ conversationId: c.conversationId, text: "one", clientMessageId: `busy-${i}-1` }),
      ]),
    );
    expect(await usageOf(shop.workspaceId)).toBe(6);
  });

  // The embedded database serves one session at a time (every transaction waits for the one before): a server-only property.
  it.skipIf(!process.env["DATABASE_URL"])("never makes a turn wait for another conversation's turn of the same workspace (the count is written at commit)", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const services: FlowServices = {
      ...createKeywordServices(),
      generate: async (request) => {
        if (request.prompt === "slow") await gate; // an AI reply still streaming in conversation A
        return { text: `AI: ${request.prompt}` };
      },
    };
    const runtime = createRuntime({ pool: db.pool, publisher: createInProcessPublisher(), servicesFor: () => services, now: () => new Date("2026-11-20T12:00:00Z") });
    const shop = await startOn("FREE", "Parallel shop", 0);
    const a = await runtime.startConversation({ ...shop, visitorId: "par-a" });
    const b = await runtime.startConversation({ ...shop, visitorId: "par-b" });
    const slow = runtime.sendVisitorMessage({ conversationId: a.conversationId, text: "slow", clientMessageId: "par-a-1" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("conversation B waited for conversation A")), 5_000));
    try {
      const fast = await Promise.race([runtime.sendVisitorMessage({ conversationId: b.conversationId, text: "fast", clientMessageId: "par-b-1" }), timeout]);
      expect(fast.replies.map((m) => m.text)).toEqual(["AI: fast"]);
    } finally {
      release(); // A finishes either way, so a failure here leaves no turn open
    }
    expect((await slow).replies.map((m) => m.text)).toEqual(["AI: slow"]);
    expect(await usageOf(shop.workspaceId)).toBe(2);
  });

  it("answers the last message of a Free month, then replies politely and runs nothing (no LLM call)", async () => {
    const { runtime, llmCalls } = setUp();
    const shop = await startOn("FREE", "Full shop", 499);
    const started = await runtime.startConversation({ ...shop, visitorId: "v2" });
    const last = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "the 500th", clientMessageId: "full-1" });
    expect(last.replies.map((m) => m.text)).toEqual(["AI: the 500th"]);
    const refused = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "the 501st", clientMessageId: "full-2" });
    expect(refused.status).toBe("BOT");
    expect(refused.visitorMessage?.text).toBe("the 501st");
    expect(refused.replies.map((m) => [m.role, m.text])).toEqual([["BOT", QUOTA_EXCEEDED_REPLY]]);
    expect(llmCalls).toEqual(["the 500th"]);
    // A resend of the refused message gets the same reply and is not counted again.
    const resent = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "the 501st", clientMessageId: "full-2" });
    expect(resent.isDuplicate).toBe(true);
    expect(resent.replies.map((m) => m.text)).toEqual([QUOTA_EXCEEDED_REPLY]);
    expect(await usageOf(shop.workspaceId)).toBe(501);
    const events = await db.prisma.conversationEvent.findMany({ where: { conversationId: started.conversationId, type: "quotaExceeded" } });
    expect(events).toHaveLength(1);
    const stored = await db.prisma.message.findMany({ where: { conversationId: started.conversationId }, orderBy: { seq: "asc" } });
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("carries on where the conversation was once the workspace upgrades", async () => {
    const { runtime, llmCalls } = setUp();
    const shop = await startOn("STARTER", "Upgrading shop", 2000);
    const started = await runtime.startConversation({ ...shop, visitorId: "v3" });
    const refused = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "anyone?", clientMessageId: "up-1" });
    expect(refused.replies.map((m) => m.text)).toEqual([QUOTA_EXCEEDED_REPLY]);
    await db.prisma.workspace.update({ where: { id: shop.workspaceId }, data: { plan: "PRO" } });
    const answered = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "now?", clientMessageId: "up-2" });
    expect(answered.replies.map((m) => m.text)).toEqual(["AI: now?"]);
    expect(llmCalls).toEqual(["now?"]);
  });

  it("never limits Pro", async () => {
    const { runtime } = setUp();
    const shop = await startOn("PRO", "Pro shop", 1_000_000);
    const started = await runtime.startConversation({ ...shop, visitorId: "v4" });
    const answered = await runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "hi", clientMessageId: "pro-1" });
    expect(answered.replies.map((m) => m.text)).toEqual(["AI: hi"]);
  });

  it("a message whose turn keeps failing is counted once, kept, and answered with an apology after its retries", async () => {
    const shop = await startOn("FREE", "Failing shop", 0);
    let clock = new Date("2026-11-20T12:00:00Z").getTime();
    const runtime = createRuntime({
      pool: db.pool,
      publisher: createInProcessPublisher(),
      servicesFor: () => {
        throw new Error("services unavailable");
      },
      now: () => new Date(clock),
      turnLeaseMs: 1000,
    });
    const started = await createRuntime({ pool: db.pool, publisher: createInProcessPublisher(), servicesFor: () => createKeywordServices() }).startConversation({ ...shop, visitorId: "v5" });
    await expect(runtime.sendVisitorMessage({ conversationId: started.conversationId, text: "boom", clientMessageId: "fail-1" })).rejects.toThrow("services unavailable");
    // Stored and counted at once: the visitor's message is never lost, whatever the turn does.
    expect(await usageOf(shop.workspaceId)).toBe(1);
    // Each lease that runs out is taken over and tried again; the third take-over gives up politely.
    for (let attempt = 1; attempt <= 2; attempt++) {
      clock += 1001;
      await expect(runtime.recoverExpiredTurns()).rejects.toThrow("services unavailable");
    }
    clock += 1001;
    expect(await runtime.recoverExpiredTurns()).toBe(1);
    const messages = await db.prisma.message.findMany({ where: { conversationId: started.conversationId }, orderBy: { seq: "asc" } });
    expect(messages.map((m) => [m.role, m.text, m.awaitingReply])).toEqual([
      ["BOT", "Hi! Ask me anything.", false],
      ["VISITOR", "boom", false],
      ["BOT", TURN_ABANDONED_REPLY, false],
    ]);
    expect(await usageOf(shop.workspaceId)).toBe(1);
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: started.conversationId } });
    expect(conversation).toMatchObject({ turnId: null, turnAttempts: 0 });
  });
});
