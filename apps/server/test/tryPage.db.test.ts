import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestServices } from "@chatwright/api/testing";
import { buildApp } from "../src/app";

// Issue #14: /try/<public key> shows a bot's own widget on this server, on every plan, so an owner
// can chat with it without a website; the server's origin is accepted for that bot only.
let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;
let tried: { id: string; publicKey: string };
let other: { id: string; publicKey: string };
const visitorId = "visitor_try_page_test_01";

beforeAll(async () => {
  db = await createTestDatabase();
  // Production's origin policy: a page on localhost is not let in by being local.
  const services = createTestServices(db, { widget: { ...createTestServices(db).widget, allowLocalhostOrigins: false } });
  const widgetFile = path.join(await mkdtemp(path.join(tmpdir(), "cw-widget-")), "widget.js");
  await writeFile(widgetFile, "window.Chatwright = {};\n");
  app = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent", widgetFile });
  base = await app.listen({ port: 0, host: "127.0.0.1" });

  const signUp = await post("auth.signUp", { email: "owner@try.test", password: "try page password 1", name: "Olga", workspaceName: "Olga's secret workspace" }, { origin: base });
  const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const workspaceId = (await data<{ workspaceId: string }>(signUp)).workspaceId;
  const entries = [{ question: "How long does shipping take?", answer: "Orders arrive within 2 to 4 working days." }];
  tried = await data(await post("bots.create", { workspaceId, name: "Internal bot name" }, { origin: base, cookie }));
  expect((await post("knowledge.saveFaqEntries", { workspaceId, botId: tried.id, entries }, { origin: base, cookie })).status).toBe(200);
  other = await data(await post("bots.create", { workspaceId, name: "Other bot" }, { origin: base, cookie }));
  expect((await post("knowledge.saveFaqEntries", { workspaceId, botId: other.id, entries }, { origin: base, cookie })).status).toBe(200);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

function post(procedure: string, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(input) });
}

async function data<T>(response: Response): Promise<T> {
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** Opens the try page as a browser would; returns its response and the cookie it set. */
async function openTryPage(botKey: string) {
  const response = await fetch(`${base}/try/${botKey}`, { headers: { accept: "text/html" } });
  return { response, cookie: (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
}

function openSocket(botKey: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${base.replace("http", "ws")}/trpc?bot=${botKey}`, { headers });
    socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.once("open", () => {
      socket.close();
      resolve(101);
    });
    socket.once("error", (error) => {
      if (!String(error.message).includes("Unexpected server response")) reject(error);
    });
  });
}

describe("/try/<public key>", () => {
  it("serves the bot's widget, open, on a page that shows nothing but what the widget shows", async () => {
    const { response, cookie } = await openTryPage(tried.publicKey);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const page = await response.text();
    expect(page).toContain(`<script src="/widget.js" data-bot="${tried.publicKey}" async></script>`);
    expect(page).toContain("<h1>Chat with us</h1>");
    expect(page).toContain("Chatwright.open()");
    for (const secret of ["Internal bot name", "Olga", "owner@try.test", "secret workspace", tried.id, other.publicKey]) expect(page).not.toContain(secret);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-robots-tag")).toContain("noindex");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(page).toContain(`nonce="${/'nonce-([^']+)'/.exec(csp)?.[1] ?? "missing"}"`);
    expect(response.headers.get("set-cookie")).toMatch(new RegExp(`^cw_try_${tried.publicKey}=1; Max-Age=\\d+; Path=/trpc; HttpOnly; SameSite=Strict`));
    expect(cookie).toBe(`cw_try_${tried.publicKey}=1`);
  });

  it("is 404 for a key no bot has, setting nothing", async () => {
    for (const key of ["pk_nobodyHasThisKey000000", "not a key!", "%3Cscript%3E"]) {
      const response = await fetch(`${base}/try/${key}`, { headers: { accept: "text/html" } });
      expect(response.status, key).toBe(404);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.text()).toContain("No chat here.");
    }
  });

  it("lets the page's widget use that bot from this server's origin, over HTTP and WebSocket, and no other bot", async () => {
    const { cookie } = await openTryPage(tried.publicKey);
    const config = await fetch(`${base}/trpc/widget.config?input=${encodeURIComponent(JSON.stringify({ botKey: tried.publicKey }))}`, {
      headers: { cookie, "sec-fetch-site": "same-origin" },
    });
    expect(config.status).toBe(200);
    expect(await data(config)).toMatchObject({ hasPublishedFlow: true, theme: { title: "Chat with us" } });
    const opened = await post("widget.init", { botKey: tried.publicKey, visitorId, conversationId: null }, { origin: base, cookie });
    expect(opened.status).toBe(200);
    expect(await openSocket(tried.publicKey, { origin: base, cookie })).toBe(101);

    // Without the try page's cookie, or naming another bot, or from another site: refused as before.
    expect((await post("widget.init", { botKey: tried.publicKey, visitorId, conversationId: null }, { origin: base })).status).toBe(403);
    expect((await post("widget.init", { botKey: other.publicKey, visitorId, conversationId: null }, { origin: base, cookie })).status).toBe(403);
    expect((await post("widget.init", { botKey: tried.publicKey, visitorId, conversationId: null }, { origin: "https://evil.test", cookie })).status).toBe(403);
    expect(await openSocket(tried.publicKey, { origin: base })).toBe(403);
    expect(await openSocket(other.publicKey, { origin: base, cookie })).toBe(403);
    expect(await openSocket(tried.publicKey, { origin: "https://evil.test", cookie })).toBe(403);
    // Nothing was added to the bot's allowed websites.
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: tried.id } })).allowedOrigins).toEqual([]);
  });
});
