import { randomUUID } from "node:crypto";
import type pg from "pg";
import { QUOTA_EXCEEDED_REPLY } from "@chatwright/billing";
import type { Db } from "@chatwright/db";
import { compileFlow, createKeywordServices, getFlowTemplate, type FlowServices } from "@chatwright/flow";
import { createInProcessPublisher, createRuntime, type Runtime } from "@chatwright/runtime";
import { elapsedMs, emit, round, runConcurrently, summarize } from "./stats";

/**
 * What visitors type, in order. None of them reaches the template's `advisor`
 * (LLM) node or the `help` handoff: the product_help and talk_to_human intents
 * are avoided, so the turn measures the runtime and the database, not an AI.
 * Routes taken: shipping/returns -> knowledge answer; "where is my order" ->
 * ask (wait) -> the order number -> http lookup (a local fake fetch) -> status
 * message; unknown questions -> knowledge not found -> message.
 */
export const VISITOR_TEXTS = [
  "How long does shipping take?",
  "What is your return policy?",
  "Where is my order?",
  "A-12345",
  "Do you ship internationally?",
  "Do you have gift cards?",
  "Has my order shipped yet?",
  "A-98765",
  "What does delivery cost?",
] as const;
/** Offsets a conversation may start its cycle at: never at an order number (that needs the question first). */
const START_OFFSETS = VISITOR_TEXTS.map((text, index) => ({ text, index })).filter(({ text }) => !/^A-\d+$/.test(text)).map(({ index }) => index);

export interface TurnFixture {
  workspaceId: string;
  botId: string;
  flowVersionId: string;
  services: FlowServices;
}

/** A workspace, bot and published version of the greeting + intent router template. */
export async function publishGreetingRouter(prisma: Db): Promise<TurnFixture> {
  const template = getFlowTemplate("greeting-router");
  if (!template) throw new Error("flows/greeting-router.json is missing");
  const compiled = compileFlow(template.graph, { intents: template.intents.map((intent) => intent.name) });
  if (!compiled.ok) throw new Error(`greeting-router does not compile: ${compiled.errors.map((e) => e.message).join("; ")}`);
  // PRO meters visitor messages but never refuses: on FREE, turns past 500 a month would get the fixed
  // "unavailable" reply without running the flow, and the benchmark would measure that instead.
  const workspace = await prisma.workspace.create({ data: { name: "Bench shop", plan: "PRO" } });
  const bot = await prisma.bot.create({ data: { workspaceId: workspace.id, name: "Bench bot", publicKey: `pk_bench_${workspace.id}` } });
  const flow = await prisma.flow.create({ data: { workspaceId: workspace.id, botId: bot.id, name: "Main", graph: template.graph as object } });
  const version = await prisma.flowVersion.create({
    data: { workspaceId: workspace.id, flowId: flow.id, number: 1, graph: template.graph as object, machine: compiled.machine as object },
  });
  const orderBody = JSON.stringify({ order: { status: "shipped" } });
  const services = createKeywordServices({
    intents: template.intents,
    faqs: template.knowledge.map((entry, index) => ({ id: `kb-${index}`, ...entry })),
    // The order lookup answers locally: no network in the measurement.
    fetch: () => Promise.resolve({ status: 200, text: () => Promise.resolve(orderBody) }),
    now: () => Date.now(),
  });
  return { workspaceId: workspace.id, botId: bot.id, flowVersionId: version.id, services };
}

export function createBenchRuntime(pool: pg.Pool, fixture: TurnFixture): Runtime {
  return createRuntime({ pool, publisher: createInProcessPublisher(), servicesFor: () => fixture.services, maxStepsPerTurn: 50 });
}

export interface TurnLoadResult {
  turns: number;
  seconds: number;
  latencies: number[];
  /** This process's CPU time (user + system) per turn: the runtime's own cost, less sensitive to a busy machine than wall time. */
  cpuMsPerTurn: number;
}

/**
 * `conversations` visitors at once. All conversations are started first (not
 * timed), then each sends `turnsEach` messages one after the other, cycling
 * through VISITOR_TEXTS from its own offset, each with a fresh clientMessageId
 * as the widget sends. Latency is the sendVisitorMessage round trip
 * (including the wait for a pooled connection); throughput is visitor turns
 * over the wall time of that phase.
 */
export async function runTurnLoad(runtime: Runtime, fixture: TurnFixture, conversations: number, turnsEach: number): Promise<TurnLoadResult> {
  const ids: string[] = new Array<string>(conversations);
  await runConcurrently(conversations, 50, async (index) => {
    const started = await runtime.startConversation({ workspaceId: fixture.workspaceId, botId: fixture.botId, flowVersionId: fixture.flowVersionId, visitorId: `visitor-${index}` });
    ids[index] = started.conversationId;
  });
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const begin = process.hrtime.bigint();
  await Promise.all(
    ids.map(async (conversationId, index) => {
      let cursor = START_OFFSETS[index % START_OFFSETS.length] ?? 0;
      for (let turn = 0; turn < turnsEach; turn++) {
        const text = VISITOR_TEXTS[cursor % VISITOR_TEXTS.length] ?? "Hello";
        cursor += 1;
        const start = process.hrtime.bigint();
        const result = await runtime.sendVisitorMessage({ conversationId, text, clientMessageId: randomUUID() });
        latencies.push(elapsedMs(start));
        if (result.replies.length === 0 || result.status !== "BOT" || result.replies[0]?.text === QUOTA_EXCEEDED_REPLY) {
          throw new Error(`unexpected turn result for “${text}”: ${result.status}, ${result.replies.map((reply) => reply.text).join(" / ") || "no replies"}`);
        }
      }
    }),
  );
  const seconds = elapsedMs(begin) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { turns: latencies.length, seconds, latencies, cpuMsPerTurn: (cpu.user + cpu.system) / 1000 / latencies.length };
}

export async function benchTurns(options: {
  runtime: Runtime;
  fixture: TurnFixture;
  db: "embedded" | "postgres";
  pool: number;
  levels: readonly { conversations: number; turns: number }[];
}): Promise<void> {
  // Warm-up: JIT, the machine cache, connection set-up, Postgres plan caches.
  await runTurnLoad(options.runtime, options.fixture, 20, options.db === "postgres" ? 15 : 5);
  for (const level of options.levels) {
    const turnsEach = Math.max(2, Math.ceil(level.turns / level.conversations));
    const result = await runTurnLoad(options.runtime, options.fixture, level.conversations, turnsEach);
    const { p50, p95, p99 } = summarize(result.latencies);
    emit({
      metric: "turn",
      db: options.db,
      conversations: level.conversations,
      turns_per_s: round(result.turns / result.seconds, 1),
      p50_ms: round(p50),
      p95_ms: round(p95),
      p99_ms: round(p99),
      turns: result.turns,
      pool: options.pool,
      cpu_ms_per_turn: round(result.cpuMsPerTurn, 3),
    });
  }
}
