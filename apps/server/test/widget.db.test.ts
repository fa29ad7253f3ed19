import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices } from "@chatwright/api/testing";
import { setWorkspacePlan } from "@chatwright/api";
import { buildApp } from "../src/app";

const SHOP = "http://shop.test:8080";
const visitorId = "visitor_server_test_0001";
let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;
let botKey: string;
let widgetFile: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db);
  const owner = createTestBrowser(services);
  const { workspaceId } = await owner.caller.auth.signUp({ email: "wire@shop.test", password: "wire password 1", name: "Wire" });
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Wire bot" });
  botKey = bot.publicKey;
  const flow = await owner.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  await db.prisma.bot.update({ where: { id: bot.id }, data: { allowedOrigins: [SHOP] } });
  const dir = await mkdtemp(path.join(tmpdir(), "cw-widget-"));
  widgetFile = path.join(dir, "widget.js");
  await writeFile(widgetFile, "/* widget */ window.Chatwright = {};\n".repeat(50));
  app = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent", widgetFile, demoBotKey: () => botKey });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const post = (procedure: string, input: unknown, origin = SHOP) =>
  fetch(`${base}/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify(input) });

describe("widget assets", () => {
  it("serves /widget.js with a short cache and gzip, and the hashed copy as immutable", async () => {
    const plain = await fetch(`${base}/widget.js`, { headers: { "accept-encoding": "gzip" } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=300");
    expect(plain.headers.get("content-encoding")).toBe("gzip");
    expect(plain.headers.get("content-type")).toContain("application/javascript");
    expect(await plain.text()).toContain("window.Chatwright");
    const hash = plain.headers.get("x-widget-hash");
    const pinned = await fetch(`${base}/widget.${hash}.js`);
    expect(pinned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${base}/widget.0000deadbeef.js`)).status).toBe(404);
  });

  it("serves the demo shop page with the demo bot's snippet", async () => {
    const page = await fetch(`${base}/demo`);
    expect(await page.text()).toContain(`<script src="/widget.js" data-bot="${botKey}" async></script>`);
  });
});

describe("widget transport", () => {
  it("answers the CORS preflight and exposes widget responses to the shop page only through the procedure's origin check", async () => {
    const preflight = await fetch(`${base}/trpc/widget.send`, { method: "OPTIONS", headers: { origin: SHOP, "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SHOP);
    const refused = await post("widget.init", { botKey, visitorId, conversationId: null }, "https://evil.test");
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain("not allowed to use this bot");
  });

  it("refuses a WebSocket upgrade from a page the bot does not allow, before upgrading", async () => {
    const wsBase = base.replace("http", "ws");
    const status = (url: string, origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(url, { origin });
        socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        socket.on("open", () => {
          socket.close();
          resolve(101);
        });
      });
    expect(await status(`${wsBase}/trpc?bot=${botKey}`, "https://evil.test")).toBe(403);
    expect(await status(`${wsBase}/trpc`, "https://evil.test")).toBe(403);
    expect(await status(`${wsBase}/trpc?bot=${botKey}`, SHOP)).toBe(101);
  });

  it("speaks tRPC's WebSocket messages: tracked message events carry the seq, resume with lastEventId", async () => {
    const opened = (await (await post("widget.init", { botKey, visitorId, conversationId: null })).json()) as { result: { data: { conversationId: string } } };
    const conversationId = opened.result.data.conversationId;
    const socket = new WebSocket(`${base.replace("http", "ws")}/trpc?bot=${botKey}`, { origin: SHOP });
    const frames: unknown[] = [];
    socket.on("message", (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.on("open", resolve));
    socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "widget.subscribe", input: { botKey, visitorId, conversationId }, lastEventId: "0" } }));
    await expect.poll(() => frames.length).toBeGreaterThanOrEqual(2);
    expect(frames[0]).toMatchObject({ id: 1, result: { type: "started" } });
    expect(frames[1]).toMatchObject({ id: 1, result: { type: "data", id: "1", data: { id: "1", data: { type: "message", message: { seq: 1, role: "BOT" } } } } });
    await post("widget.send", { botKey, visitorId, conversationId, clientMessageId: "cmid_wire_0001", text: "do you ship abroad" });
    await expect.poll(() => frames.filter((f) => JSON.stringify(f).includes('"type":"message"')).length).toBe(3);
    socket.close();

    // SSE fallback: the same subscription as GET, resuming after seq 2.
    const input = encodeURIComponent(JSON.stringify({ botKey, visitorId, conversationId, lastEventId: "2" }));
    const controller = new AbortController();
    const sse = await fetch(`${base}/trpc/widget.subscribe?input=${input}`, { headers: { origin: SHOP, accept: "text/event-stream" }, signal: controller.signal });
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const reader = sse.body?.getReader();
    let text = "";
    while (reader && !text.includes("id: 3")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain("event: connected");
    expect(text).toMatch(/data: \{"type":"message","message":\{[^\n]*"seq":3/);
    expect(text).not.toContain('"seq":2');
  });
});
