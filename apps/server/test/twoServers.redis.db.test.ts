import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClients, repoRoot, type DbClients } from "@chatwright/db";
import { createEmptyTestDatabase, type TestDatabase } from "@chatwright/db/testing";
import { setWorkspacePlan } from "@chatwright/api";
import { connectTestRedis, type TestRedis } from "@chatwright/redis/testing";

// Two real server processes (`main.ts`, as `npm start` runs it) on one
// database and one Redis: a visitor talks to server A, the agent works on
// server B, and each sees the other live — events, presence and rate limits
// go through Redis, as with N processes behind a load balancer.
const SHOP = "http://shop.test:8080";
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
let database: TestDatabase;
let db: DbClients;
let redis: TestRedis;
const servers: { child: ChildProcess; url: string; output: () => string }[] = [];

function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(tsx, ["apps/server/src/main.ts"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open the dashboard: (http:\/\/\S+?)\/?\n/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  redis = await connectTestRedis();
  database = await createEmptyTestDatabase();
  const env = {
    ...process.env,
    PORT: "0",
    DATABASE_URL: database.url,
    DATA_DIR: await mkdtemp(path.join(tmpdir(), "cw-data-")),
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    DEMO_SHOP: "0",
    LOG_LEVEL: "info",
  };
  // One after the other: the first applies the migrations.
  servers.push(await startServer(env));
  servers.push(await startServer(env));
  db = createDbClients({ url: database.url, maxConnections: 2 });
}, 200_000);

afterAll(async () => {
  await Promise.all(
    servers.map(({ child }) => {
      if (child.exitCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      return exited;
    }),
  );
  await db?.close();
  await database?.stop();
  await redis?.cleanUp();
});

async function call<T>(base: string, procedure: string, input: unknown, headers: Record<string, string>): Promise<T> {
  const response = await fetch(`${base}/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(input) });
  const json = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!json.result) throw new Error(`${procedure} on ${base}: ${json.error?.message ?? response.status}`);
  return json.result.data;
}

/** A tRPC WebSocket subscription; `frames` collects what arrives. */
async function subscribe(url: string, options: { origin: string; cookie?: string }, path: string, input: unknown) {
  const socket = new WebSocket(url, { origin: options.origin, headers: options.cookie ? { cookie: options.cookie } : {} });
  const frames: string[] = [];
  socket.on("message", (data) => frames.push(String(data)));
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path, input } }));
  await expect.poll(() => frames.some((f) => f.includes('"type":"started"'))).toBe(true);
  return { frames, close: () => socket.close() };
}

describe("two server processes sharing Redis", () => {
  it("both log that Redis carries the shared state", async () => {
    for (const server of servers) {
      await expect.poll(() => server.output()).toContain(`Redis: events, presence, rate limits, sign-in throttling and answer cache shared through ${redis.url}`);
    }
  });

  it("delivers a handoff from the visitor's server to the agent's, and the agent's reply back to the visitor live", async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error("both servers should have started");

    // The owner works on server B.
    const signUp = await fetch(`${b.url}/trpc/auth.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: b.url },
      body: JSON.stringify({ email: "ada@two.test", password: "a long password", name: "Ada", workspaceName: "Two Servers Teas" }),
    });
    const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { workspaceId } = ((await signUp.json()) as { result: { data: { workspaceId: string } } }).result.data;
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    const asOwner = { origin: b.url, cookie };
    const bot = await call<{ id: string; publicKey: string }>(b.url, "bots.create", { workspaceId, name: "Tea helper" }, asOwner);
    const flow = await call<{ id: string }>(b.url, "flows.create", { workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" }, asOwner);
    await call(b.url, "flows.publish", { workspaceId, flowId: flow.id }, asOwner);
    await db.prisma.bot.update({ where: { id: bot.id }, data: { allowedOrigins: [SHOP] } });

    // Ada opens the inbox on B: online (a heartbeat) and listening for notices.
    await call(b.url, "inbox.heartbeat", { workspaceId, state: "online" }, asOwner);
    const inbox = await subscribe(`${b.url.replace("http", "ws")}/trpc`, asOwner, "inbox.events", { workspaceId });

    // A visitor on the shop's page talks to server A.
    const botKey = bot.publicKey;
    const visitorId = "visitor_two_servers_0001";
    const asShop = { origin: SHOP };
    const opened = await call<{ conversationId: string }>(a.url, "widget.init", { botKey, visitorId, conversationId: null }, asShop);
    const { conversationId } = opened;
    const visitor = await subscribe(`${a.url.replace("http", "ws")}/trpc?bot=${botKey}`, asShop, "widget.subscribe", { botKey, visitorId, conversationId, lastEventId: "0" });
    const sent = await call<{ status: string; messages: { text: string }[] }>(
      a.url,
      "widget.send",
      { botKey, visitorId, conversationId, clientMessageId: "cmid_two_servers_1", text: "talk to a person" },
      asShop,
    );
    expect(sent.status).toBe("WAITING_AGENT");
    // Server A read Ada's presence (heartbeat sent to B) from Redis: the waiting message, not the offline one.
    expect(sent.messages.at(-1)?.text).toBe("I'm passing you to a member of our team. They'll reply right here.");
    // The handoff, published on A, reaches Ada's inbox subscription on B.
    await expect.poll(() => inbox.frames.some((f) => f.includes(conversationId) && f.includes('"reason":"handoff"')), { timeout: 5_000 }).toBe(true);

    // Ada claims and replies on B; the visitor's subscription on A receives it live.
    await call(b.url, "inbox.claim", { workspaceId, conversationId }, asOwner);
    const reply = await call<{ seq: number }>(b.url, "inbox.reply", { workspaceId, conversationId, text: "Hi, I'm Ada. How can I help?" }, asOwner);
    await expect.poll(() => visitor.frames.find((f) => f.includes("Hi, I'm Ada. How can I help?")), { timeout: 5_000 }).toBeDefined();
    const agentFrame = JSON.parse(visitor.frames.find((f) => f.includes("Hi, I'm Ada.")) ?? "{}") as unknown;
    expect(agentFrame).toMatchObject({ result: { type: "data", id: String(reply.seq), data: { data: { type: "message", message: { role: "AGENT", seq: reply.seq } } } } });
    expect(visitor.frames.some((f) => f.includes('"type":"status"') && f.includes('"status":"AGENT"'))).toBe(true);
    // Exactly once, although both servers hear every event.
    expect(visitor.frames.filter((f) => f.includes("Hi, I'm Ada.")).length).toBe(1);
    inbox.close();
    visitor.close();

    // The widget's rate limits were counted in the shared Redis.
    const admin = await redis.connect();
    expect(await admin.commands.exists(`${redis.prefix}rate:visitor:${bot.id}:${visitorId}`)).toBe(1);
  });

  it("closes its Redis connections and exits 0 on SIGTERM", async () => {
    for (const { child } of servers) {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
