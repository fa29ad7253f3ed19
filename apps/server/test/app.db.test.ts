import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { buildApp } from "../src/app";
import { createTestServices } from "@chatwright/api/testing";

let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const dashboardDir = await mkdtemp(path.join(tmpdir(), "cw-dash-"));
  await writeFile(path.join(dashboardDir, "index.html"), "<!doctype html><title>Chatwright</title><div id=root></div>");
  app = await buildApp({ services: createTestServices(db), databaseKind: db.kind, dashboardDir, logLevel: "silent" });
  app.get("/test/slow", async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { finished: true };
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

function trpcPost(procedure: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, ...headers },
    body: JSON.stringify(body),
  });
}

describe("HTTP server", () => {
  it("answers /healthz with the database kind", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: db.kind });
  });

  it("signs up over HTTP and sets an httpOnly, SameSite=Lax session cookie that authenticates later calls", async () => {
    const response = await trpcPost("auth.signUp", { email: "http@shop.test", password: "a long password", name: "Http" });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^cw_session=[\w-]+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).not.toContain("Secure"); // plain http here; https requests get Secure
    const cookie = setCookie.split(";")[0] ?? "";
    const me = await fetch(`${base}/trpc/auth.me`, { headers: { cookie } });
    const body = (await me.json()) as { result: { data: { user: { email: string } } } };
    expect(body.result.data.user.email).toBe("http@shop.test");
  });

  it("refuses a cross-site mutation and writes nothing", async () => {
    const response = await trpcPost("auth.signUp", { email: "csrf@shop.test", password: "a long password", name: "C" }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { message: string; data: { stack?: string } } };
    expect(body.error.message).toBe("This request came from another site and was refused.");
    expect(body.error.data.stack).toBeUndefined();
    expect(await db.prisma.user.count({ where: { email: "csrf@shop.test" } })).toBe(0);
  });

  it("serves the dashboard for page URLs and 404 JSON for unknown API paths", async () => {
    const page = await fetch(`${base}/w/123/bots`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Chatwright</title>");
    const missing = await fetch(`${base}/nope.json`);
    expect(missing.status).toBe(404);
  });

  it("speaks tRPC over WebSocket on /trpc", async () => {
    const socket = new WebSocket(`${base.replace("http", "ws")}/trpc`);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const reply = new Promise<string>((resolve) => socket.once("message", (data: Buffer) => resolve(data.toString())));
    socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "auth.me", input: undefined } }));
    const message = JSON.parse(await reply) as { id: number; error?: { data: { code: string } } };
    expect(message.id).toBe(1);
    expect(message.error?.data.code).toBe("UNAUTHORIZED");
    socket.close();
  });
});

describe("graceful shutdown", () => {
  it("finishes an in-flight request and closes WebSockets before close() resolves", async () => {
    const separate = await buildApp({ services: createTestServices(db), databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
    separate.get("/test/slow", async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return { finished: true };
    });
    const url = await separate.listen({ port: 0, host: "127.0.0.1" });
    const socket = new WebSocket(`${url.replace("http", "ws")}/trpc`);
    await new Promise((resolve) => socket.once("open", resolve));
    const socketClosed = new Promise<number>((resolve) => socket.once("close", (code: number) => resolve(code)));
    const inFlight = fetch(`${url}/test/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await separate.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    expect(await socketClosed).toBeGreaterThan(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
