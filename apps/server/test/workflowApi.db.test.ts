import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "@chatwright/api/testing";
import { setWorkspacePlan, type ApiServices } from "@chatwright/api";
import { createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { buildApp } from "../src/app";
import { createBotServicesFactory } from "../src/services";
import { testBotServicesOptions } from "../src/testing/testBotServicesOptions";

// The workflow API over a real HTTP socket and a real database: an Enterprise
// shop drives its FAQ bot with an API key through the same runtime as the widget.
let db: MigratedTestDatabase;
let services: ApiServices;
let app: FastifyInstance;
let base: string;
let owner: TestBrowser;
let workspaceId: string;
let botId: string;
let flowVersionId: string;
let key: string;
let otherKey: string;
let otherBotId: string;
let proKey: string;
let proBotId: string;

const faqCsv = ["question,answer", '"How long does delivery take?","Delivery takes 2 to 4 working days."', '"Can I return an item?","Yes, within 30 days of delivery."'].join("\n");

async function enterpriseShop(name: string): Promise<{ browser: TestBrowser; workspaceId: string; botId: string; key: string }> {
  const browser = createTestBrowser(services);
  const ws = (await browser.caller.auth.signUp({ email: `${name}@api.test`, password: `${name} long password`, name })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId: ws, plan: "ENTERPRISE" });
  const bot = (await browser.caller.bots.create({ workspaceId: ws, name: `${name} bot` })).id;
  await browser.caller.knowledge.importFaq({ workspaceId: ws, botId: bot, title: "FAQ", fileName: "faq.csv", content: faqCsv });
  await browser.caller.flows.setupFaqBot({ workspaceId: ws, botId: bot, greeting: `Hi, this is ${name}.` });
  const created = await browser.caller.apiKeys.create({ workspaceId: ws, name: "Integration" });
  return { browser, workspaceId: ws, botId: bot, key: created.key };
}

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 4 });
  // No LLM key: the FAQ bot answers with the stored answer, as on a server without OPENROUTER_API_KEY.
  const bots = await createBotServicesFactory(testBotServicesOptions(db.pool, "http://127.0.0.1:9/v1", { apiKey: undefined }));
  const runtime = createRuntime({ pool: db.pool, publisher: createInProcessPublisher(), servicesFor: bots.servicesFor });
  services = createTestServices(db, { runtime, servicesFor: bots.servicesFor });
  const main = await enterpriseShop("acme");
  owner = main.browser;
  workspaceId = main.workspaceId;
  botId = main.botId;
  key = main.key;
  const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: botId }, select: { activeFlowId: true } });
  flowVersionId = (await db.prisma.flowVersion.findFirstOrThrow({ where: { flowId: bot.activeFlowId ?? "" } })).id;
  const other = await enterpriseShop("globex");
  otherKey = other.key;
  otherBotId = other.botId;
  const pro = await enterpriseShop("initech");
  proKey = pro.key;
  proBotId = pro.botId;
  await setWorkspacePlan(db.prisma, { workspaceId: pro.workspaceId, plan: "PRO" });
  app = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

interface Call {
  method?: "GET" | "POST";
  key?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

async function call(path: string, options: Call = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const bearer = options.key === undefined ? key : options.key;
  if (bearer !== null) headers["authorization"] = `Bearer ${bearer}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  const response = await fetch(`${base}/api/v1${path}`, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, ...(body !== undefined ? { body } : {}) });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string; issues?: { path: string; message: string }[] } } };
}

/** Everything a refused call could have written. */
async function stored() {
  const [conversations, messages, events] = await Promise.all([db.prisma.conversation.count(), db.prisma.message.count(), db.prisma.conversationEvent.count()]);
  return { conversations, messages, events };
}

async function startConversation(): Promise<string> {
  const started = await call(`/bots/${botId}/conversations`, { body: {} });
  expect(started.status).toBe(201);
  return String(started.json["conversationId"]);
}

describe("workflow API: a turn with a FAQ bot", () => {
  it("starts a conversation (greeting), answers a question from the knowledge base, and lists the messages", async () => {
    const started = await call(`/bots/${botId}/conversations`, { body: { visitorId: "crm:customer-42", variables: { visitor_name: "Ada" } } });
    expect(started.status).toBe(201);
    expect(started.headers.get("cache-control")).toBe("no-store");
    expect(started.json).toMatchObject({ status: "BOT", messages: [{ seq: 1, role: "BOT", text: "Hi, this is acme." }] });
    const conversationId = String(started.json["conversationId"]);
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row).toMatchObject({ workspaceId, botId, channel: "api", visitorId: "crm:customer-42" });

    const turn = await call(`/conversations/${conversationId}/messages`, { body: { text: "How long does delivery take?", clientMessageId: "msg-1" } });
    expect(turn.status).toBe(200);
    expect(turn.json).toMatchObject({
      conversationId,
      status: "BOT",
      isDuplicate: false,
      message: { seq: 2, role: "VISITOR", text: "How long does delivery take?", clientMessageId: "msg-1" },
      replies: [{ seq: 3, role: "BOT", text: expect.stringContaining("Delivery takes 2 to 4 working days.") }],
    });

    const page = await call(`/conversations/${conversationId}/messages`);
    expect(page.status).toBe(200);
    expect((page.json["messages"] as { seq: number }[]).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(page.json["nextAfter"]).toBe(3);
    const after = await call(`/conversations/${conversationId}/messages?after=2&limit=5`);
    expect((after.json["messages"] as { seq: number }[]).map((m) => m.seq)).toEqual([3]);
    expect((await db.prisma.apiKey.findFirstOrThrow({ where: { workspaceId } })).lastUsedAt).not.toBeNull();
  });

  it("answers a retry with the same clientMessageId from what was stored, running nothing twice", async () => {
    const conversationId = await startConversation();
    const body = { text: "Can I return an item?", clientMessageId: "retry-1" };
    const first = await call(`/conversations/${conversationId}/messages`, { body });
    const before = await stored();
    const retry = await call(`/conversations/${conversationId}/messages`, { body });
    expect(retry.status).toBe(200);
    expect(retry.json["isDuplicate"]).toBe(true);
    expect(retry.json["replies"]).toEqual(first.json["replies"]);
    expect(retry.json["message"]).toEqual(first.json["message"]);
    expect(await stored()).toEqual(before);
  });
});

describe("workflow API: refusals change nothing", () => {
  it("401 for a missing, malformed, unknown or revoked key", async () => {
    const conversationId = await startConversation();
    const { key: revokedKey, apiKey } = await owner.caller.apiKeys.create({ workspaceId, name: "Old" });
    await owner.caller.apiKeys.revoke({ workspaceId, id: apiKey.id });
    const before = await stored();
    const unknown = `cw_live_zzzzzzzz_${"A".repeat(43)}`;
    const forged = `${key.slice(0, -4)}AAAA`;
    for (const bearer of [null, "not-a-key", unknown, forged, revokedKey]) {
      const started = await call(`/bots/${botId}/conversations`, { key: bearer, body: {} });
      expect(started.status).toBe(401);
      expect(started.json.error?.code).toBe("UNAUTHORIZED");
      expect((await call(`/conversations/${conversationId}/messages`, { key: bearer, body: { text: "hello" } })).status).toBe(401);
      expect((await call(`/conversations/${conversationId}/messages`, { key: bearer })).status).toBe(401);
    }
    expect((await call(`/bots/${botId}/conversations`, { key: revokedKey, body: {} })).json.error?.message).toMatch(/revoked/);
    expect((await call(`/bots/${botId}/conversations`, { key: null, body: {} })).json.error?.message).toMatch(/Authorization: Bearer/);
    expect(await stored()).toEqual(before);
  });

  it("403 for a workspace that is not on Enterprise, saying why", async () => {
    const before = await stored();
    const proKeyRow = () => db.prisma.apiKey.findUniqueOrThrow({ where: { prefix: proKey.slice(0, 16) } });
    const lastUsedBefore = (await proKeyRow()).lastUsedAt;
    const refused = await call(`/bots/${proBotId}/conversations`, { key: proKey, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Enterprise plan/) });
    expect(await stored()).toEqual(before);
    expect((await proKeyRow()).lastUsedAt).toEqual(lastUsedBefore);
  });

  it("404 for another workspace's bot or conversation, and for conversations not started through the API", async () => {
    const conversationId = await startConversation();
    const widgetConversation = await services.runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "widget_visitor_000001" });
    const before = await stored();
    const cases = [
      await call(`/bots/${botId}/conversations`, { key: otherKey, body: {} }),
      await call(`/bots/${otherBotId}/conversations`, { body: {} }),
      await call(`/conversations/${conversationId}/messages`, { key: otherKey, body: { text: "hello", clientMessageId: "x-1" } }),
      await call(`/conversations/${conversationId}/messages`, { key: otherKey }),
      await call(`/conversations/${widgetConversation.conversationId}/messages`, { body: { text: "hello" } }),
      await call(`/conversations/${widgetConversation.conversationId}/messages`),
      await call(`/conversations/00000000-0000-4000-8000-000000000000/messages`),
    ];
    expect(cases.map((c) => c.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect(cases.every((c) => c.json.error?.code === "NOT_FOUND")).toBe(true);
    expect(await stored()).toEqual(before);
  });

  it("400 with zod's messages for bad input", async () => {
    const conversationId = await startConversation();
    const before = await stored();
    const missingText = await call(`/conversations/${conversationId}/messages`, { body: { clientMessageId: "m-1" } });
    expect(missingText.status).toBe(400);
    expect(missingText.json.error).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: "text", message: expect.stringMatching(/text is required/) }] });
    const tooLong = await call(`/conversations/${conversationId}/messages`, { body: { text: "x".repeat(4001) } });
    expect(tooLong.json.error?.message).toMatch(/limited to 4000 characters/);
    const extra = await call(`/conversations/${conversationId}/messages`, { body: { text: "hi", sender: "bot" } });
    expect(extra.status).toBe(400);
    expect(extra.json.error?.message).toMatch(/sender/);
    const badId = await call(`/conversations/not-a-uuid/messages`, { body: { text: "hi" } });
    expect(badId.json.error?.issues).toEqual([{ path: "conversationId", message: expect.stringMatching(/UUID/) }]);
    const badJson = await call(`/conversations/${conversationId}/messages`, { rawBody: "{ text: oops" });
    expect(badJson.status).toBe(400);
    const notJson = await call(`/conversations/${conversationId}/messages`, { rawBody: "text=hi", headers: { "content-type": "text/plain" } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error?.message).toMatch(/JSON/);
    const huge = await call(`/conversations/${conversationId}/messages`, { body: { text: "x".repeat(100_000) } });
    expect(huge.status).toBe(413);
    expect(huge.json.error?.code).toBe("PAYLOAD_TOO_LARGE");
    const badQuery = await call(`/conversations/${conversationId}/messages?limit=5000`);
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.error?.issues?.[0]?.path).toBe("limit");
    const badVariables = await call(`/bots/${botId}/conversations`, { body: { variables: { "not a name": "x" } } });
    expect(badVariables.status).toBe(400);
    for (const response of [tooLong, badId]) expect(response.status).toBe(400);
    expect(await stored()).toEqual(before);
    expect((await call(`/nothing-here`)).json.error?.code).toBe("NOT_FOUND");
  });

  it("400 for text the database cannot store (a NUL, half an emoji), before the turn runs", async () => {
    const conversationId = await startConversation();
    const before = await stored();
    const usage = () => db.prisma.usageCounter.aggregate({ where: { workspaceId }, _sum: { visitorMessages: true } });
    const countedBefore = await usage();
    for (const text of ["order\u0000 42", "thanks \ud83d", "\udc4d"]) {
      const refused = await call(`/conversations/${conversationId}/messages`, { body: { text, clientMessageId: "poison-1" } });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: "text", message: expect.stringContaining("The message contains characters that cannot be stored") }] });
    }
    const badVariable = await call(`/bots/${botId}/conversations`, { body: { variables: { visitor_name: "Ada\u0000" } } });
    expect(badVariable.status).toBe(400);
    expect(badVariable.json.error?.issues?.[0]).toMatchObject({ path: "variables.visitor_name", message: expect.stringContaining("cannot be stored") });
    expect(await stored()).toEqual(before);
    expect(await usage()).toEqual(countedBefore);
    // The same id is free: nothing was stored under it, and the conversation goes on.
    const next = await call(`/conversations/${conversationId}/messages`, { body: { text: "Can I return an item? 👍", clientMessageId: "poison-1" } });
    expect(next.status).toBe(200);
    expect(next.json).toMatchObject({ isDuplicate: false, message: { text: "Can I return an item? 👍" } });
  });

  it("429 with Retry-After once a key passes its rate limit", async () => {
    const limited = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent", apiKeyRateLimit: { limit: 2, windowMs: 60_000 } });
    const limitedBase = await limited.listen({ port: 0, host: "127.0.0.1" });
    try {
      const { key: fresh } = await owner.caller.apiKeys.create({ workspaceId, name: "Rate limited" });
      const get = () => fetch(`${limitedBase}/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages`, { headers: { authorization: `Bearer ${fresh}` } });
      expect((await get()).status).toBe(404);
      expect((await get()).status).toBe(404);
      const refused = await get();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/too many calls/);
    } finally {
      await limited.close();
    }
  });
});
