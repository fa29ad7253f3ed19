import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestServices } from "@chatwright/api/testing";
import { setWorkspacePlan } from "@chatwright/api";
import { buildApp } from "../src/app";

// Issue #13: what a client sees when something fails inside — never the error's own text.
const INTERNALS = /prisma|invocation|\/work\/|node_modules|\.ts\b|at \w+ \(/i;
const SECRET_FAILURE = "Invalid `db.bot.updateMany()` invocation in /work/main/packages/api/src/bots/bots.ts:42:7 — cache host 10.0.0.7";

let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;
let cookie: string;
let workspaceId: string;
let botId: string;
let flowId: string;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // Publishing a flow forgets the bot's cached answers: here that fails like a real bug would.
  const services = createTestServices(db, {
    invalidateBotAnswers: () => Promise.reject(new Error(SECRET_FAILURE)),
  });
  const logStream = new PassThrough();
  logStream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
  });
  app = await buildApp({ services, databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "error", logStream });
  app.get("/test/boom", async () => {
    throw new Error(SECRET_FAILURE);
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });

  const signUp = await post("auth.signUp", { email: "owner@errors.test", password: "errors password 1", name: "Owner" });
  cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  workspaceId = ((await signUp.json()) as { result: { data: { workspaceId: string } } }).result.data.workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  botId = ((await (await post("bots.create", { workspaceId, name: "Shop bot" })).json()) as { result: { data: { id: string } } }).result.data.id;
  const flow = await post("flows.create", { workspaceId, botId, name: "Main", templateId: "greeting-router" });
  flowId = ((await flow.json()) as { result: { data: { id: string } } }).result.data.id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

function post(procedure: string, input: unknown) {
  return fetch(`${base}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
}

interface TrpcError {
  error: { message: string; data: { code: string; httpStatus: number; errorId: string | null } };
}

/** `levels` objects inside each other: the shape of a hostile flow graph. */
function nest(levels: number): unknown {
  let value: unknown = { id: "leaf" };
  for (let i = 0; i < levels; i++) value = { data: value };
  return value;
}

describe("unexpected errors", () => {
  it("answer a generic message with an error id, and the log carries the id with the real error", async () => {
    const response = await post("flows.publish", { workspaceId, flowId });
    expect(response.status).toBe(500);
    const body = (await response.json()) as TrpcError;
    expect(body.error.data.code).toBe("INTERNAL_SERVER_ERROR");
    expect(body.error.message).not.toMatch(INTERNALS);
    expect(body.error.message).not.toContain("10.0.0.7");
    const errorId = body.error.data.errorId;
    expect(errorId).toMatch(/^[0-9a-f]{12}$/);
    expect(body.error.message).toContain(errorId);

    const logged = logLines.find((line) => line["errorId"] === errorId);
    expect(logged?.["path"]).toBe("flows.publish");
    expect(JSON.stringify(logged?.["err"])).toContain("db.bot.updateMany()");
  });

  it("answer the same way over the dashboard's WebSocket", async () => {
    const socket = new WebSocket(`${base.replace("http", "ws")}/trpc`, { headers: { origin: base, cookie } });
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const reply = new Promise<string>((resolve) => socket.once("message", (data: Buffer) => resolve(data.toString())));
    socket.send(JSON.stringify({ id: 1, method: "mutation", params: { path: "flows.publish", input: { workspaceId, flowId } } }));
    const message = JSON.parse(await reply) as TrpcError;
    socket.close();
    expect(message.error.data.code).toBe("INTERNAL_SERVER_ERROR");
    expect(message.error.message).not.toMatch(INTERNALS);
    expect(logLines.some((line) => line["errorId"] === message.error.data.errorId)).toBe(true);
  });

  it("outside tRPC, answer a generic message with an error id too", async () => {
    const response = await fetch(`${base}/test/boom`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { message: string; errorId: string };
    expect(body.message).not.toMatch(INTERNALS);
    expect(body.message).toContain(body.errorId);
    expect(JSON.stringify(logLines.find((line) => line["errorId"] === body.errorId))).toContain("db.bot.updateMany()");
  });

  it("a NUL in a bot's name: a client error or a generic one, never the database's message", async () => {
    const response = await post("bots.rename", { workspaceId, botId, name: "Shop\u0000bot" });
    const body = (await response.json()) as TrpcError;
    expect(body.error.message).not.toMatch(INTERNALS);
    if (response.status === 500) expect(body.error.message).toContain(body.error.data.errorId ?? "no error id");
    else expect(response.status).toBe(400);
  });
});

describe("deeply nested JSON", () => {
  const tooDeep = /nested more than 64 levels/;

  it("a 3,000-level flow draft is refused with 400 and a clear message, not a stack overflow", async () => {
    const graph = { schemaVersion: 1, nodes: [nest(3000)], edges: [] };
    const response = await post("flows.saveDraft", { workspaceId, flowId, graph, baseRevision: 0 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as TrpcError;
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.message).toMatch(tooDeep);
    expect(JSON.stringify(body)).not.toContain("call stack");
  });

  it("is refused the same in a GET query, a batch and over the WebSocket", async () => {
    // (A URL holds a few hundred levels before the server answers 431.)
    const input = encodeURIComponent(JSON.stringify({ workspaceId, deep: nest(300) }));
    const viaGet = await fetch(`${base}/trpc/bots.list?input=${input}`, { headers: { cookie, "sec-fetch-site": "same-origin" } });
    expect(viaGet.status).toBe(400);
    expect(((await viaGet.json()) as TrpcError).error.message).toMatch(tooDeep);

    const batch = await fetch(`${base}/trpc/bots.rename,bots.rename?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie },
      body: JSON.stringify({ 0: { workspaceId, botId, name: "Shop bot" }, 1: { workspaceId, botId, name: "Deep", deep: nest(3000) } }),
    });
    const answers = (await batch.json()) as [{ result?: unknown }, TrpcError];
    expect(answers[0].result).toBeDefined();
    expect(answers[1].error.message).toMatch(tooDeep);

    const socket = new WebSocket(`${base.replace("http", "ws")}/trpc`, { headers: { origin: base, cookie } });
    await new Promise((resolve) => socket.once("open", resolve));
    const reply = new Promise<string>((resolve) => socket.once("message", (data: Buffer) => resolve(data.toString())));
    // 7,000 levels fit in the socket's 64 KB messages; written by hand, as JSON.stringify itself overflows on such depths.
    const deep = `${'{"data":'.repeat(7000)}1${"}".repeat(7000)}`;
    socket.send(`{"id":1,"method":"query","params":{"path":"bots.list","input":{"workspaceId":"${workspaceId}","deep":${deep}}}}`);
    const message = JSON.parse(await reply) as TrpcError;
    socket.close();
    expect(message.error.data.code).toBe("BAD_REQUEST");
    expect(message.error.message).toMatch(tooDeep);
  });

  it("is refused with 400 where Fastify parses JSON bodies (the workflow API), before any route runs", async () => {
    const response = await fetch(`${base}/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hi", variables: nest(3000) }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(tooDeep) as unknown });
  });

  it("still accepts ordinary nesting", async () => {
    const response = await post("flows.saveDraft", { workspaceId, flowId, graph: { schemaVersion: 1, nodes: [nest(20)], edges: [] }, baseRevision: 0 });
    expect(response.status).not.toBe(500);
    expect(((await response.json()) as Partial<TrpcError>).error?.message ?? "").not.toMatch(tooDeep);
  });
});
