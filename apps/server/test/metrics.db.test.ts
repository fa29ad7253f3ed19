import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices } from "@chatwright/api/testing";
import { setWorkspacePlan } from "@chatwright/api";
import { createKeywordServices } from "@chatwright/flow";
import { createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { buildApp } from "../src/app";
import { createMetrics, type Metrics } from "../src/createMetrics";

const SHOP = "http://shop.test:8080";
const TOKEN = "metrics-token-for-the-test-0001";
let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;
let botKey: string;
let metrics: Metrics;

beforeAll(async () => {
  db = await createTestDatabase();
  metrics = createMetrics({
    pools: { app: db.pool },
    countAwaitingReplies: async () => (await db.pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Message" WHERE "awaitingReply"`)).rows[0]?.count ?? 0,
    isCollectingProcessMetrics: false,
  });
  const publisher = createInProcessPublisher();
  const servicesFor = () => createKeywordServices();
  const runtime = createRuntime({ pool: db.pool, publisher, servicesFor, onTurnFinished: (turn) => metrics.observeTurn(turn) });
  const services = createTestServices(db, { publisher, servicesFor, runtime });
  const owner = createTestBrowser(services);
  const { workspaceId } = await owner.caller.auth.signUp({ email: "metrics@shop.test", password: "metrics password 1", name: "Metrics" });
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Metrics bot" });
  botKey = bot.publicKey;
  const flow = await owner.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  await db.prisma.bot.update({ where: { id: bot.id }, data: { allowedOrigins: [SHOP] } });
  app = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent", metrics: { metrics, token: TOKEN } });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const post = (procedure: string, input: unknown) =>
  fetch(`${base}/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", origin: SHOP }, body: JSON.stringify(input) });
const scrape = async () => {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return { text: await response.text(), contentType: response.headers.get("content-type") ?? "" };
};
/** The value of one sample line, e.g. `chatwright_turns_total{kind="message",outcome="answered"}`; 0 when absent. */
const valueOf = (text: string, sample: string) => {
  const line = text.split("\n").find((entry) => entry.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
};

describe("GET /metrics", () => {
  it("refuses a request without the token, or with another one", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all-000" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("serves Prometheus' text format with the named metrics", async () => {
    const { text, contentType } = await scrape();
    expect(contentType).toContain("text/plain");
    expect(contentType).toContain("version=0.0.4");
    for (const name of [
      "chatwright_turns_total",
      "chatwright_turn_duration_seconds",
      "chatwright_llm_calls_total",
      "chatwright_llm_tokens_total",
      "chatwright_llm_cost_usd_total",
      "chatwright_turn_errors_total",
      "chatwright_knowledge_search_duration_seconds",
      "chatwright_rate_limit_refusals_total",
      "chatwright_websockets_open",
      "chatwright_db_pool_connections",
      "chatwright_db_pool_idle",
      "chatwright_db_pool_waiting",
      "chatwright_turns_waiting",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/^chatwright_db_pool_waiting\{pool="app"\} 0$/m);
    expect(text).toMatch(/^chatwright_turns_waiting 0$/m);
  });

  it("moves the turn counter and histogram when a visitor's message is answered through the server, and counts the widget's socket", async () => {
    const before = (await scrape()).text;
    const visitorId = "visitor_metrics_test_0001";
    const opened = (await (await post("widget.init", { botKey, visitorId, conversationId: null })).json()) as { result: { data: { conversationId: string } } };
    const conversationId = opened.result.data.conversationId;
    const sent = await post("widget.send", { botKey, visitorId, conversationId, clientMessageId: "cmid_metrics_0001", text: "do you ship abroad" });
    expect(sent.status).toBe(200);
    const socket = new WebSocket(`${base.replace("http", "ws")}/trpc?bot=${botKey}`, { origin: SHOP });
    await new Promise((resolve) => socket.on("open", resolve));

    const after = (await scrape()).text;
    expect(valueOf(after, 'chatwright_turns_total{kind="message",outcome="answered"}')).toBe(valueOf(before, 'chatwright_turns_total{kind="message",outcome="answered"}') + 1);
    expect(valueOf(after, 'chatwright_turns_total{kind="greeting",outcome="answered"}')).toBe(valueOf(before, 'chatwright_turns_total{kind="greeting",outcome="answered"}') + 1);
    expect(valueOf(after, 'chatwright_turn_duration_seconds_count{kind="message"}')).toBe(valueOf(before, 'chatwright_turn_duration_seconds_count{kind="message"}') + 1);
    expect(valueOf(after, 'chatwright_turn_duration_seconds_bucket{le="+Inf",kind="message"}')).toBe(valueOf(before, 'chatwright_turn_duration_seconds_bucket{le="+Inf",kind="message"}') + 1);
    expect(valueOf(after, 'chatwright_turn_duration_seconds_sum{kind="message"}')).toBeGreaterThan(0);
    expect(valueOf(after, 'chatwright_websockets_open{client="widget"}')).toBe(1);

    socket.close();
    await expect.poll(async () => valueOf((await scrape()).text, 'chatwright_websockets_open{client="widget"}')).toBe(0);
  });
});
