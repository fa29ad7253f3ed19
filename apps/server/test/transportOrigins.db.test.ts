import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestServices } from "@chatwright/api/testing";
import { setWorkspacePlan } from "@chatwright/api";
import { buildApp } from "../src/app";

// Issue #13: a page on a widget origin (any origin a free account adds to its own bot, or any
// localhost page in development) must not reach the dashboard's procedures with the owner's cookie.
const SHOP = "http://shop.test:8080";
const LOCAL_PAGE = "http://localhost:5555";
const ADMIN_CONSOLE = "https://admin.chatwright.test";
const EVIL = "https://evil.test";
const visitorId = "visitor_origin_test_0001";

let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;
let wsBase: string;
let cookie: string;
let botKey: string;
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db, {
    trustedOrigins: [ADMIN_CONSOLE],
    // The development default: widget pages on localhost may use any bot.
    widget: { ...createTestServices(db).widget, allowLocalhostOrigins: true },
  });
  app = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  wsBase = base.replace("http", "ws");

  const signUp = await trpc("POST", "auth.signUp", { email: "owner@origins.test", password: "origins password 1", name: "Owner" }, { origin: base });
  cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  workspaceId = ((await signUp.json()) as { result: { data: { workspaceId: string } } }).result.data.workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await trpc("POST", "bots.create", { workspaceId, name: "Shop bot" }, { origin: base, cookie });
  const botId = ((await bot.json()) as { result: { data: { id: string; publicKey: string } } }).result.data.id;
  const flow = await trpc("POST", "flows.create", { workspaceId, botId, name: "Main", templateId: "greeting-router" }, { origin: base, cookie });
  const flowId = ((await flow.json()) as { result: { data: { id: string } } }).result.data.id;
  expect((await trpc("POST", "flows.publish", { workspaceId, flowId }, { origin: base, cookie })).status).toBe(200);
  const updated = await db.prisma.bot.update({ where: { id: botId }, data: { allowedOrigins: [SHOP] } });
  botKey = updated.publicKey;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

function trpc(method: "GET" | "POST", procedure: string, input: unknown, headers: Record<string, string> = {}) {
  if (method === "GET") {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return fetch(`${base}/trpc/${procedure}${query}`, { headers });
  }
  return fetch(`${base}/trpc/${procedure}`, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(input) });
}

interface SocketReply {
  id: number;
  result?: { type: string; data?: unknown };
  error?: { message: string; data: { code: string } };
}

/** Opens a tRPC WebSocket as a browser on `origin` would (with the site's cookie); resolves the upgrade's HTTP status. */
function openSocket(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; socket: WebSocket | null; body: string }>((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, socket: null, body }));
    });
    socket.once("open", () => resolve({ status: 101, socket, body: "" }));
    socket.once("error", (error) => {
      if (!String(error.message).includes("Unexpected server response")) reject(error);
    });
  });
}

function call(socket: WebSocket, id: number, method: "query" | "mutation" | "subscription", path: string, input?: unknown) {
  return new Promise<SocketReply>((resolve) => {
    const onMessage = (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as SocketReply;
      if (reply.id !== id) return;
      socket.off("message", onMessage);
      resolve(reply);
    };
    socket.on("message", onMessage);
    socket.send(JSON.stringify({ id, method, params: { path, input } }));
  });
}

describe("a WebSocket opened for the widget (/trpc?bot=KEY)", () => {
  it("refuses dashboard procedures even with the owner's session cookie, and still serves the widget", async () => {
    const { status, socket } = await openSocket(`${wsBase}/trpc?bot=${botKey}`, { origin: SHOP, cookie });
    expect(status).toBe(101);
    if (!socket) throw new Error("no socket");

    const me = await call(socket, 1, "query", "auth.me");
    expect(me.result).toBeUndefined();
    expect(me.error?.data.code).toBe("FORBIDDEN");
    const exported = await call(socket, 2, "query", "privacy.exportWorkspace", { workspaceId });
    expect(exported.result).toBeUndefined();
    expect(exported.error?.data.code).toBe("FORBIDDEN");
    const signOut = await call(socket, 3, "mutation", "auth.signOut");
    expect(signOut.error?.data.code).toBe("FORBIDDEN");

    const config = await call(socket, 4, "query", "widget.config", { botKey });
    expect(config.error).toBeUndefined();
    expect(config.result?.data).toMatchObject({ hasPublishedFlow: true });
    const opened = await call(socket, 5, "mutation", "widget.init", { botKey, visitorId, conversationId: null });
    expect(opened).toMatchObject({ result: { data: { isNew: true } } });
    socket.close();

    // The session was not touched: the dashboard still reads it.
    const stillSignedIn = await trpc("GET", "auth.me", undefined, { cookie, "sec-fetch-site": "same-origin" });
    expect(stillSignedIn.status).toBe(200);
  });

  it("carries no session from a localhost page either (development allows localhost pages for every bot)", async () => {
    const { status, socket } = await openSocket(`${wsBase}/trpc?bot=${botKey}`, { origin: LOCAL_PAGE, cookie });
    expect(status).toBe(101);
    if (!socket) throw new Error("no socket");
    const me = await call(socket, 1, "query", "auth.me");
    expect(me.error?.data.code).toBe("FORBIDDEN");
    expect(JSON.stringify(me)).not.toContain("owner@origins.test");
    socket.close();
  });
});

describe("a dashboard WebSocket (/trpc)", () => {
  it("is refused before upgrading when it comes from another site, the widget's sites included", async () => {
    for (const origin of [EVIL, SHOP, LOCAL_PAGE]) {
      const { status, body } = await openSocket(`${wsBase}/trpc`, { origin, cookie });
      expect(status, origin).toBe(403);
      expect(body).toContain("another site");
    }
  });

  it("serves the signed-in user from the dashboard's own origin and from TRUSTED_ORIGINS", async () => {
    for (const origin of [base, ADMIN_CONSOLE]) {
      const { status, socket } = await openSocket(`${wsBase}/trpc`, { origin, cookie });
      expect(status, origin).toBe(101);
      if (!socket) throw new Error("no socket");
      const me = await call(socket, 1, "query", "auth.me");
      expect(me.result?.data).toMatchObject({ user: { email: "owner@origins.test" } });
      socket.close();
    }
  });
});

describe("HTTP: dashboard queries follow the same origin rule as mutations", () => {
  it("refuses a cross-origin GET of a dashboard query that carries the session cookie", async () => {
    for (const origin of [EVIL, SHOP]) {
      const me = await trpc("GET", "auth.me", undefined, { origin, cookie, "sec-fetch-site": "cross-site" });
      expect(me.status, origin).toBe(403);
      const body = await me.text();
      expect(body).not.toContain("owner@origins.test");
      expect(me.headers.get("access-control-allow-origin")).toBeNull();
    }
    // A <script src> or <img> from another site sends no Origin on GET, but does send Sec-Fetch-Site.
    const embedded = await trpc("GET", "privacy.exportWorkspace", { workspaceId }, { cookie, "sec-fetch-site": "cross-site" });
    expect(embedded.status).toBe(403);
  });

  it("still answers the dashboard's own same-origin GETs", async () => {
    const me = await trpc("GET", "auth.me", undefined, { cookie, "sec-fetch-site": "same-origin" });
    expect(me.status).toBe(200);
    const fromTrusted = await trpc("GET", "auth.me", undefined, { cookie, origin: ADMIN_CONSOLE });
    expect(fromTrusted.status).toBe(200);
  });

  it("treats a batch as a widget request only when every procedure in it is the widget's", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { botKey } }));
    const mixed = `${base}/trpc/widget.config,auth.me?batch=1&input=${input}`;
    const preflight = await fetch(mixed, { method: "OPTIONS", headers: { origin: SHOP, "access-control-request-method": "GET" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const response = await fetch(mixed, { headers: { origin: SHOP, cookie, "sec-fetch-site": "cross-site" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const body = await response.text();
    expect(body).not.toContain("owner@origins.test");
    expect(body).toContain("FORBIDDEN");

    // The same with the comma escaped, as a client might send it.
    const escaped = await fetch(`${base}/trpc/widget.config%2Cauth.me?batch=1&input=${input}`, { headers: { origin: SHOP, cookie, "sec-fetch-site": "cross-site" } });
    expect(escaped.headers.get("access-control-allow-origin")).toBeNull();
    expect(await escaped.text()).not.toContain("owner@origins.test");

    // A batch of widget procedures alone keeps its CORS allowance.
    const widgetOnly = await fetch(`${base}/trpc/widget.config,widget.config?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { botKey }, 1: { botKey } }))}`, {
      headers: { origin: SHOP },
    });
    expect(widgetOnly.status).toBe(200);
    expect(widgetOnly.headers.get("access-control-allow-origin")).toBe(SHOP);
  });
});
