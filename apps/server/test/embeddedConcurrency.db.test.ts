import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices } from "@chatwright/api/testing";
import { createRateLimiter, DEFAULT_WIDGET_RATE_LIMITS, setWorkspacePlan } from "@chatwright/api";
import { buildApp } from "../src/app";

// The embedded database serves every pool connection from one Postgres session; this is the test that
// the real server's parallel requests never see each other's statements there. On PostgreSQL it would
// test nothing of the kind.
const isEmbedded = !process.env["DATABASE_URL"];
if (!isEmbedded) console.log("DATABASE_URL is set: embeddedConcurrency.db.test.ts tests the embedded database only and is skipped.");

const SHOPS = ["http://shop-a.test", "http://shop-b.test"] as const;
/** A request left unanswered counts as a wrong answer, listed with the others, before the test's own timeout. */
const ANSWER_WITHIN_MS = 20_000;

interface Shop {
  origin: string;
  botKey: string;
  /** Conversations opened before the burst, one per message sent in it. */
  conversations: { visitorId: string; conversationId: string }[];
}

interface Owner {
  email: string;
  cookie: string;
  workspaceId: string;
}

let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;
const shops: Shop[] = [];
const owners: Owner[] = [];

describe.skipIf(!isEmbedded)("the real server on the embedded database, under parallel requests", () => {
  beforeAll(async () => {
    db = await createTestDatabase({ maxConnections: 10 });
    // Dozens of new conversations from one test IP address: lift the per-IP limits, they are not under test.
    const limits = { ...DEFAULT_WIDGET_RATE_LIMITS, ip: { limit: 10_000, windowMs: 60_000 }, newConversationsPerIp: { limit: 10_000, windowMs: 60_000 } };
    const services = createTestServices(db, { widget: { limiter: createRateLimiter(), limits, allowLocalhostOrigins: false } });
    for (const [index, origin] of SHOPS.entries()) {
      const owner = createTestBrowser(services);
      const { workspaceId } = await owner.caller.auth.signUp({ email: `owner${index}@shop.test`, password: "parallel password 1", name: `Owner ${index}` });
      await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
      const bot = await owner.caller.bots.create({ workspaceId, name: `Bot ${index}` });
      const flow = await owner.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
      await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
      await db.prisma.bot.update({ where: { id: bot.id }, data: { allowedOrigins: [origin] } });
      shops.push({ origin, botKey: bot.publicKey, conversations: [] });
    }
    app = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    for (const [index] of SHOPS.entries()) {
      const response = await post("auth.signUp", { email: `member${index}@shop.test`, password: "parallel password 1", name: `Member ${index}` }, base);
      const { workspaceId } = data<{ workspaceId: string }>(await response.json());
      owners.push({ email: `member${index}@shop.test`, cookie: (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "", workspaceId });
    }
    for (const shop of shops) {
      for (let index = 0; index < 4; index++) {
        const visitorId = `visitor_before_${shop.botKey.slice(-6)}_${index}`;
        const opened = data<{ conversationId: string }>(await (await post("widget.init", { botKey: shop.botKey, visitorId, conversationId: null }, shop.origin)).json());
        shop.conversations.push({ visitorId, conversationId: opened.conversationId });
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it("answers 40 parallel requests of every kind, each with its own right answer", async () => {
    const checks: (() => Promise<void>)[] = [];
    for (const [shopIndex, shop] of shops.entries()) {
      const other = shops[1 - shopIndex];
      for (let index = 0; index < 6; index++) {
        checks.push(async () => {
          const visitorId = `visitor_burst_${shopIndex}_${index}_padding`;
          const response = await post("widget.init", { botKey: shop.botKey, visitorId, conversationId: null }, shop.origin);
          expect(response.status).toBe(200);
          const opened = data<{ isNew: boolean; status: string; messages: { role: string }[] }>(await response.json());
          expect(opened).toMatchObject({ isNew: true, status: "BOT" });
          expect(opened.messages[0]?.role).toBe("BOT");
        });
      }
      for (let index = 0; index < 4; index++) {
        checks.push(async () => {
          const input = encodeURIComponent(JSON.stringify({ botKey: shop.botKey }));
          const response = await fetch(`${base}/trpc/widget.config?input=${input}`, { headers: { origin: shop.origin }, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
          expect(response.status).toBe(200);
          expect(data(await response.json())).toMatchObject({ hasPublishedFlow: true, whiteLabel: false });
        });
      }
      // Another shop's page is refused for this bot: the answer must come from this request's own rows.
      checks.push(async () => {
        const response = await post("widget.init", { botKey: shop.botKey, visitorId: `visitor_refused_${shopIndex}_pad`, conversationId: null }, other?.origin ?? "");
        expect(response.status).toBe(403);
      });
      for (const [index, conversation] of shop.conversations.entries()) {
        checks.push(async () => {
          const text = `parallel question ${shopIndex}-${index}`;
          const clientMessageId = `cmid_parallel_${shopIndex}_${index}`;
          const response = await post("widget.send", { botKey: shop.botKey, ...conversation, clientMessageId, text }, shop.origin);
          expect(response.status).toBe(200);
          const sent = data<{ messages: { role: string; text: string }[] }>(await response.json());
          expect(sent.messages.find((message) => message.role === "VISITOR")?.text).toBe(text);
          expect(sent.messages.some((message) => message.role === "BOT")).toBe(true);
        });
      }
    }
    for (const [ownerIndex, owner] of owners.entries()) {
      for (let index = 0; index < 3; index++) {
        checks.push(async () => {
          const response = await fetch(`${base}/trpc/auth.me`, { headers: { cookie: owner.cookie }, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
          expect(response.status).toBe(200);
          const me = data<{ user: { email: string }; workspaces: { id: string }[] }>(await response.json());
          expect(me.user.email).toBe(owner.email);
          expect(me.workspaces.map((workspace) => workspace.id)).toEqual([owner.workspaceId]);
        });
      }
      checks.push(async () => {
        const response = await post("bots.create", { workspaceId: owner.workspaceId, name: `Parallel bot ${ownerIndex}` }, base, { cookie: owner.cookie });
        expect(response.status).toBe(200);
        expect(data(await response.json())).toMatchObject({ name: `Parallel bot ${ownerIndex}` });
      });
    }
    for (const origin of SHOPS) {
      checks.push(async () => {
        const response = await post("widget.init", { botKey: "pk_no_such_bot", visitorId: "visitor_nobody_padding", conversationId: null }, origin);
        expect(response.status).toBe(404);
      });
    }
    expect(checks.length).toBe(40);

    const outcomes = await Promise.allSettled(checks.map((check) => check()));
    const failures = outcomes.flatMap((outcome, index) => (outcome.status === "rejected" ? [`request ${index}: ${String(outcome.reason)}`] : []));
    expect(failures).toEqual([]);

    for (const [shopIndex, shop] of shops.entries()) {
      const bot = await db.prisma.bot.findUniqueOrThrow({ where: { publicKey: shop.botKey } });
      expect(await db.prisma.conversation.count({ where: { botId: bot.id } })).toBe(4 + 6);
      expect(await db.prisma.message.count({ where: { conversation: { botId: bot.id }, role: "VISITOR", text: { startsWith: `parallel question ${shopIndex}-` } } })).toBe(4);
    }
    for (const [ownerIndex, owner] of owners.entries()) {
      expect(await db.prisma.bot.findMany({ where: { workspaceId: owner.workspaceId }, select: { name: true } })).toEqual([{ name: `Parallel bot ${ownerIndex}` }]);
    }
  });
});

function post(procedure: string, input: unknown, origin: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, ...headers },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
}

/** tRPC's HTTP answer is `{ result: { data } }`; anything else (an error) fails the check that reads it. */
function data<T = unknown>(body: unknown): T {
  const shaped = body as { result?: { data?: T } };
  if (shaped.result?.data === undefined) throw new Error(`Expected a tRPC result, got ${JSON.stringify(body).slice(0, 300)}`);
  return shaped.result.data;
}
