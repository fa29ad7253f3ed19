import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices } from "@chatwright/flow";
import { createTestBrowser, createTestServices, type TestBrowser } from "@chatwright/api/testing";
import { createWebhookPublisher, deliverDueWebhooks, isWebhookSignatureValid, setWorkspacePlan, WEBHOOK_EVENT_TYPES, type ApiServices } from "@chatwright/api";
import { createGuardedHttpClient, createInProcessPublisher, createRuntime } from "@chatwright/runtime";

// Outgoing webhooks end to end: real runtime activity (a widget conversation
// that greets, is handed to the team and is resolved) becomes signed POSTs to
// a real local HTTP receiver; a failing receiver is retried on schedule
// (injected clock) until given up, and the log says so.
const SHOP = "https://tea-shop.test";
const servicesFor = () =>
  createKeywordServices({
    intents: [
      { name: "talk_to_human", examples: ["talk to a person", "human please", "speak to an agent"] },
      { name: "shipping", examples: ["how long does delivery take", "shipping cost"] },
    ],
  });

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local endpoint that records what it gets and answers `status`. */
async function startReceiver(status: number) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/chatwright-events`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let db: MigratedTestDatabase;
let services: ApiServices;
let publisher: ReturnType<typeof createWebhookPublisher>;
let owner: TestBrowser;
let workspaceId: string;
let botKey: string;
let good: Awaited<ReturnType<typeof startReceiver>>;
let failing: Awaited<ReturnType<typeof startReceiver>>;
const enqueueErrors: unknown[] = [];
// Receivers run on 127.0.0.1: these tests allow private addresses, as HTTP_NODE_ALLOW_PRIVATE=1 does.
const post = createGuardedHttpClient({ allowPrivate: true });

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 4 });
  publisher = createWebhookPublisher(createInProcessPublisher(), { db: db.prisma, now: () => new Date(), onError: (error) => enqueueErrors.push(error) });
  const runtime = createRuntime({ pool: db.pool, publisher, servicesFor });
  services = createTestServices(db, { servicesFor, publisher, runtime, webhooks: { allowPrivate: true } });
  owner = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@hooks.test", password: "hooks password 1", name: "Olive" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "ENTERPRISE" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Tea helper" });
  botKey = bot.publicKey;
  const flow = await owner.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  const settings = await owner.caller.bots.widgetSettings({ workspaceId, botId: bot.id });
  await owner.caller.bots.updateWidgetSettings({ workspaceId, botId: bot.id, allowedOrigins: [SHOP], theme: settings.theme, whiteLabel: false });
  good = await startReceiver(204);
  failing = await startReceiver(500);
});
afterAll(async () => {
  await good?.close();
  await failing?.close();
  await db?.close();
});

/** Sweeps until nothing is due at `now` (what the server's job does every few seconds). */
async function deliverAll(now: () => Date) {
  await publisher.settled();
  for (let i = 0; i < 10; i += 1) {
    const sweep = await deliverDueWebhooks({ db: db.prisma, post, now });
    if (sweep.attempted === 0) return;
  }
}

describe("outgoing webhooks", () => {
  it("sends each event type from real conversation activity, signed with the endpoint's secret", async () => {
    const created = await owner.caller.webhooks.create({ workspaceId, url: good.url, events: [...WEBHOOK_EVENT_TYPES] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(await owner.caller.webhooks.list({ workspaceId })).toEqual([expect.objectContaining({ id: created.endpoint.id, url: good.url })]);

    const shop = createTestBrowser(services, { origin: SHOP, selfOrigin: "https://app.chatwright.test", fetchSite: "cross-site", ip: "203.0.113.9" }).caller;
    const visitorId = "visitor_hooks_000001xx";
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    const sent = await shop.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_hooks_1", text: "talk to a person" });
    expect(sent.status).toBe("WAITING_AGENT");
    await owner.caller.inbox.claim({ workspaceId, conversationId: opened.conversationId });
    await owner.caller.inbox.reply({ workspaceId, conversationId: opened.conversationId, text: "Hi, Olive here. How can I help?" });
    await owner.caller.inbox.resolve({ workspaceId, conversationId: opened.conversationId });
    // After "resolved" the flow asks for a rating; the answer ends the conversation.
    const rated = await shop.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_hooks_2", text: "5" });
    expect(rated.status).toBe("CLOSED");
    await deliverAll(() => new Date());

    expect(enqueueErrors).toEqual([]);
    const events = good.received.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: { conversationId: string; message?: { role: string; text: string } } });
    const types = events.map((e) => e.type);
    for (const type of WEBHOOK_EVENT_TYPES) expect(types).toContain(type);
    // Deliveries go out concurrently, so they may arrive in any order: receivers order events by their timestamp.
    const at = (type: string) => events.find((e) => e.type === type)?.timestamp ?? "";
    expect(events.every((e) => e.timestamp >= at("conversation.started"))).toBe(true);
    expect(at("conversation.handed_off") < at("conversation.closed")).toBe(true);
    expect(events.every((e) => e.data.conversationId === opened.conversationId)).toBe(true);
    // Agent replies arrive as message.created: nothing needs to poll for them.
    expect(events.filter((e) => e.type === "message.created").map((e) => e.data.message?.role)).toEqual(expect.arrayContaining(["BOT", "VISITOR", "AGENT"]));
    expect(events.find((e) => e.data.message?.role === "AGENT")?.data.message?.text).toBe("Hi, Olive here. How can I help?");

    for (const request of good.received) {
      const id = String(request.headers["webhook-id"]);
      const timestamp = Number(request.headers["webhook-timestamp"]);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
      expect(isWebhookSignatureValid({ secret: created.secret, id, timestamp, body: request.body, signatureHeader: String(request.headers["webhook-signature"]) })).toBe(true);
      // Another secret, or a changed body, does not verify.
      expect(isWebhookSignatureValid({ secret: `whsec_${"A".repeat(32)}`, id, timestamp, body: request.body, signatureHeader: String(request.headers["webhook-signature"]) })).toBe(false);
      expect(isWebhookSignatureValid({ secret: created.secret, id, timestamp, body: `${request.body} `, signatureHeader: String(request.headers["webhook-signature"]) })).toBe(false);
    }
    const log = await owner.caller.webhooks.deliveries({ workspaceId, endpointId: created.endpoint.id });
    expect(log.length).toBe(good.received.length);
    expect(log.every((d) => d.status === "SUCCEEDED" && d.lastResponseStatus === 204 && d.attempts === 1)).toBe(true);

    const test = await owner.caller.webhooks.sendTest({ workspaceId, id: created.endpoint.id });
    await deliverAll(() => new Date());
    expect(good.received.at(-1)?.headers["webhook-id"]).toBe(test.id);
    expect(JSON.parse(good.received.at(-1)?.body ?? "{}")).toMatchObject({ type: "webhook.test" });
    await owner.caller.webhooks.remove({ workspaceId, id: created.endpoint.id });
  });

  it("retries a failing receiver with backoff (1, 5, 15, 40 minutes) and gives up after 5 attempts, as the log shows", async () => {
    const created = await owner.caller.webhooks.create({ workspaceId, url: failing.url, events: ["conversation.closed"] });
    const start = new Date(Date.now() + 1000);
    const delivery = await owner.caller.webhooks.sendTest({ workspaceId, id: created.endpoint.id });
    let clock = start;
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const attemptsAt: number[] = [];
    for (const minutes of [0, 0.5, 1, 3, 6, 20, 21, 61, 200]) {
      clock = at(minutes);
      const before = failing.received.length;
      await deliverAll(() => clock);
      if (failing.received.length > before) attemptsAt.push(minutes);
    }
    // Due at 0, +1, +6 (1+5), +21 (6+15) and +61 (21+40) minutes; nothing after the fifth.
    expect(attemptsAt).toEqual([0, 1, 6, 21, 61]);
    expect(new Set(failing.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery.id]));
    const [logged] = await owner.caller.webhooks.deliveries({ workspaceId, endpointId: created.endpoint.id });
    expect(logged).toMatchObject({ id: delivery.id, status: "FAILED", attempts: 5, lastResponseStatus: 500, lastError: "The endpoint answered 500.", nextAttemptAt: null });
    await owner.caller.webhooks.remove({ workspaceId, id: created.endpoint.id });
  });

  it("refuses private and local addresses, when added and when sent", async () => {
    const guarded = createTestServices(db, { servicesFor, publisher, webhooks: { allowPrivate: false } });
    const browser = createTestBrowser(guarded);
    const ws = (await browser.caller.auth.signUp({ email: "guard@hooks.test", password: "hooks password 2", name: "Gus" })).workspaceId;
    await setWorkspacePlan(db.prisma, { workspaceId: ws, plan: "ENTERPRISE" });
    for (const url of [good.url, "http://localhost:8080/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://10.1.2.3/hook"]) {
      await expect(browser.caller.webhooks.create({ workspaceId: ws, url, events: ["message.created"] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/private or local address/) });
    }
    await expect(browser.caller.webhooks.create({ workspaceId: ws, url: "ftp://example.com/x", events: ["message.created"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await browser.caller.webhooks.list({ workspaceId: ws })).toEqual([]);

    // Stored while allowed, sent by a server that does not allow it: the guard refuses at connect time and the log says why.
    const created = await owner.caller.webhooks.create({ workspaceId, url: good.url, events: ["conversation.closed"] });
    const delivery = await owner.caller.webhooks.sendTest({ workspaceId, id: created.endpoint.id });
    const before = good.received.length;
    await deliverDueWebhooks({ db: db.prisma, post: createGuardedHttpClient({ allowPrivate: false }), now: () => new Date() });
    expect(good.received.length).toBe(before);
    const [logged] = await owner.caller.webhooks.deliveries({ workspaceId, endpointId: created.endpoint.id });
    expect(logged).toMatchObject({ id: delivery.id, status: "PENDING", attempts: 1, lastResponseStatus: null, lastError: expect.stringMatching(/private or local address/) });
    await owner.caller.webhooks.remove({ workspaceId, id: created.endpoint.id });
  });

  it("is Enterprise only: other plans cannot add endpoints, and their events are not sent", async () => {
    const browser = createTestBrowser(services);
    const ws = (await browser.caller.auth.signUp({ email: "pro@hooks.test", password: "hooks password 3", name: "Pam" })).workspaceId;
    await setWorkspacePlan(db.prisma, { workspaceId: ws, plan: "PRO" });
    await expect(browser.caller.webhooks.create({ workspaceId: ws, url: good.url, events: ["message.created"] })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/Webhooks is part of the Enterprise plan/),
    });
    // A workspace that added an endpoint and then left Enterprise: nothing is queued for it, and it can still remove the endpoint.
    await setWorkspacePlan(db.prisma, { workspaceId: ws, plan: "ENTERPRISE" });
    const created = await browser.caller.webhooks.create({ workspaceId: ws, url: good.url, events: ["message.created"] });
    await setWorkspacePlan(db.prisma, { workspaceId: ws, plan: "PRO" });
    await expect(browser.caller.webhooks.sendTest({ workspaceId: ws, id: created.endpoint.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await browser.caller.webhooks.remove({ workspaceId: ws, id: created.endpoint.id });
    expect(await browser.caller.webhooks.list({ workspaceId: ws })).toEqual([]);
  });
});
