import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { FinishedTurnReport } from "@chatwright/runtime";

export interface MetricsOptions {
  /** The pools whose waits are worth watching, by name (main.ts: `app` = clients.pool, `turns` = the turn pool). */
  pools: Record<string, Pick<pg.Pool, "totalCount" | "idleCount" | "waitingCount">>;
  /** Visitor messages stored and not yet answered (awaitingReply), read at scrape time; null: not measured. */
  countAwaitingReplies: (() => Promise<number>) | null;
  /** Node's own process metrics (memory, event loop lag, GC); off in tests that share one process. */
  isCollectingProcessMetrics?: boolean;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Seconds: a keyword turn is milliseconds, an AI reply several seconds, a slow external call up to the lease (30 s). */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const SEARCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The Prometheus metrics of one server process (docs/operations.md, "Metrics"). Counters are fed by
 * the runtime's and services' observers; gauges of pools, sockets and waiting turns are read when
 * Prometheus scrapes, so nothing runs between scrapes.
 */
export function createMetrics(options: MetricsOptions) {
  const registry = new Registry();
  if (options.isCollectingProcessMetrics ?? true) collectDefaultMetrics({ register: registry });
  const turns = new Counter({ name: "chatwright_turns_total", help: "Turns finished, by what they answered and how they ended", labelNames: ["kind", "outcome"], registers: [registry] });
  const turnSeconds = new Histogram({ name: "chatwright_turn_duration_seconds", help: "Time from a turn's run to its commit", labelNames: ["kind"], buckets: TURN_BUCKETS, registers: [registry] });
  const llmCalls = new Counter({ name: "chatwright_llm_calls_total", help: "LLM calls that returned usage, by model and kind (chat, embedding...)", labelNames: ["model", "kind"], registers: [registry] });
  const llmTokens = new Counter({ name: "chatwright_llm_tokens_total", help: "LLM tokens, by model and direction (prompt, completion)", labelNames: ["model", "direction"], registers: [registry] });
  const llmCost = new Counter({ name: "chatwright_llm_cost_usd_total", help: "LLM cost at list price in US dollars (models without a known price count 0)", labelNames: ["model"], registers: [registry] });
  const turnErrors = new Counter({ name: "chatwright_turn_errors_total", help: "Errors inside turns by code (LLM failures, http node failures, abandoned turns...)", labelNames: ["code"], registers: [registry] });
  const searchSeconds = new Histogram({ name: "chatwright_knowledge_search_duration_seconds", help: "Knowledge base searches made by flows", buckets: SEARCH_BUCKETS, registers: [registry] });
  const rateLimited = new Counter({ name: "chatwright_rate_limit_refusals_total", help: "Requests refused by a rate limit (widget messages and conversations, workflow API keys)", registers: [registry] });
  const socketsOpen = new Gauge({ name: "chatwright_websockets_open", help: "WebSocket connections open on this process, by who opened them (widget, dashboard)", labelNames: ["client"], registers: [registry] });
  socketsOpen.set({ client: "widget" }, 0);
  socketsOpen.set({ client: "dashboard" }, 0);
  const poolGauge = (name: string, help: string, read: (pool: MetricsOptions["pools"][string]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        for (const [pool, value] of Object.entries(options.pools)) this.set({ pool }, read(value));
      },
    });
  poolGauge("chatwright_db_pool_connections", "Connections a database pool holds (pg.Pool totalCount)", (pool) => pool.totalCount);
  poolGauge("chatwright_db_pool_idle", "Idle connections of a database pool (pg.Pool idleCount)", (pool) => pool.idleCount);
  poolGauge("chatwright_db_pool_waiting", "Queries waiting for a connection of a database pool (pg.Pool waitingCount)", (pool) => pool.waitingCount);
  const { countAwaitingReplies } = options;
  if (countAwaitingReplies) {
    new Gauge({
      name: "chatwright_turns_waiting",
      help: "Visitor messages stored and not yet answered (all processes: read from the database)",
      registers: [registry],
      async collect() {
        this.set(await countAwaitingReplies());
      },
    });
  }

  return {
    registry,
    observeTurn(turn: FinishedTurnReport) {
      turns.inc({ kind: turn.kind, outcome: turn.outcome });
      turnSeconds.observe({ kind: turn.kind }, turn.durationMs / 1000);
    },
    observeTurnError(code: string) {
      turnErrors.inc({ code });
    },
    observeLlmUsage(usage: { model: string; kind?: string | undefined; promptTokens: number; completionTokens: number; costUsd: number | null }) {
      llmCalls.inc({ model: usage.model, kind: usage.kind ?? "chat" });
      llmTokens.inc({ model: usage.model, direction: "prompt" }, usage.promptTokens);
      llmTokens.inc({ model: usage.model, direction: "completion" }, usage.completionTokens);
      llmCost.inc({ model: usage.model }, usage.costUsd ?? 0);
    },
    observeKnowledgeSearch(durationMs: number) {
      searchSeconds.observe(durationMs / 1000);
    },
    observeRateLimitRefusal() {
      rateLimited.inc();
    },
    observeSocketOpened(client: "widget" | "dashboard") {
      socketsOpen.inc({ client });
      return () => socketsOpen.dec({ client });
    },
  };
}

/**
 * GET /metrics in Prometheus' text format for a `Authorization: Bearer METRICS_TOKEN` request only
 * (401 otherwise). The server's WebSocket connections are counted from here, by their URL.
 */
export function registerMetricsRoute(app: FastifyInstance, options: { metrics: Metrics; token: string; isWidgetSocketUrl: (url: string) => boolean }) {
  const expected = Buffer.from(`Bearer ${options.token}`);
  app.get("/metrics", async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).header("www-authenticate", "Bearer").send({ error: "Send Authorization: Bearer <METRICS_TOKEN>." });
    }
    const text = await options.metrics.registry.metrics();
    return reply.header("content-type", options.metrics.registry.contentType).header("cache-control", "no-store").send(text);
  });
  app.websocketServer.on("connection", (socket: { once(event: "close", listener: () => void): void }, request: { url?: string }) => {
    const closed = options.metrics.observeSocketOpened(options.isWidgetSocketUrl(request.url ?? "") ? "widget" : "dashboard");
    socket.once("close", closed);
  });
}
