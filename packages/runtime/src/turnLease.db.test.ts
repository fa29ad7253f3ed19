import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClients, repoRoot, type DbClients } from "@chatwright/db";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createInProcessPublisher } from "./createInProcessPublisher";
import { createRuntime, type RuntimeOptions } from "./createRuntime";
import type { OutboundEvent } from "./outbound";
import { aiReplyGraph, aiServices } from "./testing/aiFlow";
import { buildGraph, createWorkspaceWithBot, publishGraph } from "./testing/fixtures";

// The rules of ARCHITECTURE.md, "The turn" on a real database: a turn holds nothing while it
// waits on the outside world, messages queue in order, every visitor message
// is answered exactly once — under duplicates, two processes, a lost lease and
// a process killed mid-turn.

let db: MigratedTestDatabase;
let other: DbClients;
beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 6 });
  other = createDbClients({ url: db.url, maxConnections: 3 });
});
afterAll(async () => {
  await other.close();
  await db.close();
});

interface Gate {
  promise: Promise<void>;
  open(): void;
}
function gate(): Gate {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function runtimeOn(pool: DbClients["pool"], services: ReturnType<typeof aiServices>, overrides: Partial<RuntimeOptions> = {}) {
  const publisher = createInProcessPublisher();
  return { runtime: createRuntime({ pool, publisher, servicesFor: () => services, ...overrides }), publisher };
}

async function newConversation(name: string) {
  const shop = await createWorkspaceWithBot(db.prisma, name);
  const flowVersionId = await publishGraph(db.prisma, { ...shop, graph: aiReplyGraph });
  const { runtime } = runtimeOn(db.pool, aiServices());
  const started = await runtime.startConversation({ ...shop, flowVersionId, visitorId: `visitor-${name}` });
  return { ...shop, flowVersionId, conversationId: started.conversationId };
}

const storedOf = (conversationId: string) => db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });

describe("a turn never holds the database while the bot waits", () => {
  it("serves other reads from a pool of two while six conversations wait on their AI replies", async () => {
    const small = createDbClients({ url: db.url, maxConnections: 2 });
    try {
      const ai = gate();
      const services = aiServices(() => ai.promise);
      const { runtime } = runtimeOn(small.pool, services);
      const conversations = await Promise.all(Array.from({ length: 6 }, (_, i) => newConversation(`Pool ${i}`)));
      const sends = conversations.map((c, i) => runtime.sendVisitorMessage({ conversationId: c.conversationId, text: `question ${i}`, clientMessageId: `pool-${i}` }));
      // All six are inside their AI call at once: none of them holds one of the two connections.
      await until(() => services.calls.length === 6, "all six turns wait on the AI");
      const { rows } = await small.pool.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM "Message" WHERE "awaitingReply"`);
      expect(rows[0]?.waiting).toBe(6);
      expect(small.pool.waitingCount).toBe(0);
      ai.open();
      const results = await Promise.all(sends);
      expect(results.map((r) => r.replies.map((m) => m.text))).toEqual(conversations.map((_, i) => [`AI: question ${i}`]));
    } finally {
      await small.close();
    }
  });

  it("stores a message that arrives during a turn at once and answers it after, in order, once — from either process", async () => {
    const { conversationId } = await newConversation("Queue");
    const gates: Gate[] = [];
    const services = aiServices(() => {
      const next = gate();
      gates.push(next);
      return next.promise;
    });
    const a = runtimeOn(db.pool, services).runtime;
    const b = runtimeOn(other.pool, aiServices()).runtime;
    const first = a.sendVisitorMessage({ conversationId, text: "one", clientMessageId: "q-1" });
    await until(() => services.calls.length === 1, "the first turn waits on the AI");
    const second = b.sendVisitorMessage({ conversationId, text: "two", clientMessageId: "q-2" });
    await until(async () => (await storedOf(conversationId)).filter((m) => m.awaitingReply).length === 2, "the second message is stored");
    const third = a.sendVisitorMessage({ conversationId, text: "three", clientMessageId: "q-3" });
    await until(async () => (await storedOf(conversationId)).filter((m) => m.awaitingReply).length === 3, "the third message is stored");
    expect(services.calls).toEqual(["one"]); // not run concurrently
    gates[0]?.open();
    await until(() => services.calls.length === 2, "the second turn starts");
    expect(services.calls).toEqual(["one", "two"]);
    gates[1]?.open();
    await until(() => services.calls.length === 3, "the third turn starts");
    gates[2]?.open();
    const results = await Promise.all([first, second, third]);
    expect(results.map((r) => r.replies.map((m) => m.text))).toEqual([["AI: one"], ["AI: two"], ["AI: three"]]);
    const stored = await storedOf(conversationId);
    expect(stored.map((m) => [m.role, m.text])).toEqual([
      ["BOT", "Hi! Ask me anything."],
      ["VISITOR", "one"],
      ["VISITOR", "two"],
      ["VISITOR", "three"],
      ["BOT", "AI: one"],
      ["BOT", "AI: two"],
      ["BOT", "AI: three"],
    ]);
    const visitors = stored.filter((m) => m.role === "VISITOR");
    expect(stored.filter((m) => m.role === "BOT").slice(1).map((m) => m.inReplyToId)).toEqual(visitors.map((m) => m.id));
    expect(services.calls).toEqual(["one", "two", "three"]);
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation).toMatchObject({ turnId: null, turnLeaseUntil: null, lastSeq: 7 });
  });

  it("answers one clientMessageId sent five times at once, through two processes, once", async () => {
    const { conversationId, workspaceId } = await newConversation("Duplicates");
    const ai = gate();
    const services = aiServices(() => ai.promise);
    const a = runtimeOn(db.pool, services).runtime;
    const b = runtimeOn(other.pool, services).runtime;
    const sends = Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? a : b).sendVisitorMessage({ conversationId, text: "Is it vegan?", clientMessageId: "same-id" }));
    await until(() => services.calls.length === 1, "the turn waits on the AI");
    ai.open();
    const results = await Promise.all(sends);
    const replyIds = new Set(results.flatMap((r) => r.replies.map((m) => m.id)));
    expect(replyIds.size).toBe(1);
    expect(results.filter((r) => !r.isDuplicate)).toHaveLength(1);
    expect(results.every((r) => r.replies[0]?.text === "AI: Is it vegan?")).toBe(true);
    expect(services.calls).toEqual(["Is it vegan?"]);
    expect((await storedOf(conversationId)).map((m) => m.role)).toEqual(["BOT", "VISITOR", "BOT"]);
    const counter = await db.prisma.usageCounter.findFirst({ where: { workspaceId } });
    expect(counter?.visitorMessages).toBe(1);
  });

  it("stores nothing from a turn that lost its lease: the process that took it over answers, once", async () => {
    const { conversationId } = await newConversation("Lost lease");
    const ai = gate();
    const slow = aiServices(() => ai.promise);
    const t0 = Date.now();
    // A's clock stands still, so its renewals never move the lease past B's clock: as if A stalled.
    const a = runtimeOn(db.pool, slow, { now: () => new Date(t0), turnLeaseMs: 1000 }).runtime;
    const b = runtimeOn(other.pool, aiServices(), { now: () => new Date(t0 + 60_000), turnLeaseMs: 1000 }).runtime;
    const late = a.sendVisitorMessage({ conversationId, text: "Where is my parcel?", clientMessageId: "lease-1" });
    await until(() => slow.calls.length === 1, "A's turn waits on a very slow AI");
    expect(await b.recoverExpiredTurns()).toBeGreaterThanOrEqual(1);
    ai.open();
    const result = await late;
    const replies = (await storedOf(conversationId)).filter((m) => m.role === "BOT").slice(1);
    expect(replies.map((m) => m.text)).toEqual(["AI: Where is my parcel?"]);
    // A's caller still gets the one stored answer.
    expect(result.replies.map((m) => m.id)).toEqual(replies.map((m) => m.id));
    const visitor = (await storedOf(conversationId)).find((m) => m.role === "VISITOR");
    const paths = await db.prisma.conversationEvent.findMany({ where: { conversationId, type: "path" } });
    expect(paths.filter((e) => (e.data as { message?: string }).message === visitor?.id)).toHaveLength(1);
    expect(await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ turnId: null });
  });

  it("runs a person's return-to-bot as a turn of its own: a second release and a visitor message wait for it", async () => {
    const shop = await createWorkspaceWithBot(db.prisma, "Return");
    const graph = buildGraph(
      [
        { id: "start", type: "start", data: {} },
        { id: "listen", type: "listen", data: { variable: "q" } },
        { id: "human", type: "handoff", data: { waitingMessage: "Connecting you to a person…" } },
        { id: "ai", type: "llm", data: { prompt: "welcome back", systemPrompt: "Be brief.", model: "openai/gpt-4o-mini", temperature: 0, maxTokens: 50, useKnowledge: false } },
        { id: "answer", type: "llm", data: { prompt: "{{ q }}", systemPrompt: "Be brief.", model: "openai/gpt-4o-mini", temperature: 0, maxTokens: 50, useKnowledge: false } },
        { id: "again", type: "listen", data: { variable: "q" } },
      ],
      ["start:next->listen", "listen:next->human", "human:returned->ai", "human:resolved->ai", "ai:next->again", "again:next->answer", "answer:next->again"],
    );
    const flowVersionId = await publishGraph(db.prisma, { ...shop, graph });
    const ai = gate();
    const services = aiServices(() => ai.promise);
    const { runtime } = runtimeOn(db.pool, services);
    const { conversationId } = await runtime.startConversation({ ...shop, flowVersionId, visitorId: "v" });
    expect((await runtime.sendVisitorMessage({ conversationId, text: "a person please", clientMessageId: "r-1" })).status).toBe("WAITING_AGENT");
    const release = runtime.releaseFromAgent({ conversationId, workspaceId: shop.workspaceId, outcome: "returned" });
    await until(() => services.calls.length === 1, "the return turn waits on the AI");
    const second = runtimeOn(other.pool, aiServices()).runtime.releaseFromAgent({ conversationId, workspaceId: shop.workspaceId, outcome: "resolved" });
    const visitor = runtime.sendVisitorMessage({ conversationId, text: "are you back?", clientMessageId: "r-2" });
    await until(async () => (await storedOf(conversationId)).some((m) => m.text === "are you back?"), "the visitor's message is stored");
    ai.open();
    expect((await release).replies.map((m) => m.text)).toEqual(["AI: welcome back"]);
    // The second release waited for the first, then found the conversation with the bot again.
    await expect(second).rejects.toMatchObject({ code: "NOT_IN_HANDOFF" });
    expect((await visitor).replies.map((m) => m.text)).toEqual(["AI: are you back?"]);
    expect(services.calls).toEqual(["welcome back", "are you back?"]);
  });

  it("finishes, exactly once, the turn of a process killed mid-turn (SIGKILL), without the visitor resending", async () => {
    const { conversationId } = await newConversation("Killed");
    // Node itself with tsx's loader: one process, so SIGKILL kills the turn (the tsx command would leave its child running).
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(path.dirname(fileURLToPath(import.meta.url)), "testing/turnChild.ts"), db.url, conversationId, "killed-1"],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await until(() => output.includes("accepted"), `the child stores the message (output: ${output})`, 60_000);
    child.kill("SIGKILL");
    await exited;
    const before = await storedOf(conversationId);
    expect(before.map((m) => [m.role, m.awaitingReply])).toEqual([
      ["BOT", false],
      ["VISITOR", true],
    ]);

    const survivor = runtimeOn(db.pool, aiServices(), { turnLeaseMs: 1000 });
    const events: OutboundEvent[] = [];
    survivor.publisher.subscribe(conversationId, (event) => events.push(event));
    const stop = survivor.runtime.startRecovery({ intervalMs: 200 });
    try {
      await until(() => events.some((e) => e.type === "message" && e.message.role === "BOT"), "the visitor's subscription receives the answer");
    } finally {
      stop();
    }
    const after = await storedOf(conversationId);
    expect(after.map((m) => [m.role, m.text, m.awaitingReply])).toEqual([
      ["BOT", "Hi! Ask me anything.", false],
      ["VISITOR", "Do you ship to Norway?", false],
      ["BOT", "AI: Do you ship to Norway?", false],
    ]);
    expect(after[2]?.inReplyToId).toBe(after[1]?.id);
    expect(await survivor.runtime.recoverExpiredTurns()).toBe(0);
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation).toMatchObject({ turnId: null, turnAttempts: 0 });
  }, 90_000);
});
