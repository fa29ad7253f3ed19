import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";

let db: MigratedTestDatabase;
let alice: TestBrowser;
let bob: TestBrowser;
let agent: TestBrowser;
let aliceWs: string;
let aliceBot: string;
let bobBot: string;
let bobIntent: string;
const invalidated: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db, {
    invalidateBotAnswers: async (botId) => {
      invalidated.push(botId);
    },
  });
  alice = createTestBrowser(services);
  bob = createTestBrowser(services);
  agent = createTestBrowser(services);
  aliceWs = (await alice.caller.auth.signUp({ email: "alice@in.test", password: "alice's password", name: "Alice" })).workspaceId;
  const bobWs = (await bob.caller.auth.signUp({ email: "bob@in.test", password: "bob's password!", name: "Bob" })).workspaceId;
  await agent.caller.auth.signUp({ email: "agent@in.test", password: "agent's password", name: "Agent" });
  const agentUser = await db.prisma.user.findUniqueOrThrow({ where: { email: "agent@in.test" } });
  await db.prisma.membership.create({ data: { workspaceId: aliceWs, userId: agentUser.id, role: "AGENT" } });
  aliceBot = (await alice.caller.bots.create({ workspaceId: aliceWs, name: "Shop" })).id;
  bobBot = (await bob.caller.bots.create({ workspaceId: bobWs, name: "Bob's shop" })).id;
  bobIntent = (await bob.caller.intents.create({ workspaceId: bobWs, botId: bobBot, name: "secret", examples: ["bob only"] })).id;
});
afterAll(async () => {
  await db.close();
});

describe("intents router", () => {
  it("creates, lists, updates, tests and deletes intents", async () => {
    invalidated.length = 0;
    const scope = { workspaceId: aliceWs, botId: aliceBot };
    const order = await alice.caller.intents.create({ ...scope, name: "order_status", description: "Where is my order", examples: ["where is my order", "track my parcel", "has my order shipped"] });
    expect(order).toEqual({ id: expect.any(String), name: "order_status", description: "Where is my order", examples: ["where is my order", "track my parcel", "has my order shipped"], updatedAt: expect.any(Date) });
    const refund = await alice.caller.intents.create({ ...scope, name: "refund", examples: ["I want my money back", "refund please"] });
    expect(invalidated).toEqual([aliceBot, aliceBot]);
    await expect(alice.caller.intents.create({ ...scope, name: "refund", examples: ["again"] })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(alice.caller.intents.create({ ...scope, name: "empty", examples: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(alice.caller.intents.create({ ...scope, name: "long", examples: ["x".repeat(301)] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await agent.caller.intents.list(scope)).map((i) => i.name)).toEqual(["order_status", "refund"]);

    const updated = await alice.caller.intents.update({ ...scope, intentId: refund.id, examples: ["I want my money back", "can I get a refund", "refund please"] });
    expect(updated.examples).toEqual(["I want my money back", "can I get a refund", "refund please"]);
    expect((await alice.caller.intents.update({ ...scope, intentId: refund.id, description: null })).description).toBeNull();

    const tested = await agent.caller.intents.test({ ...scope, text: "can I get my money back" });
    expect(tested.best?.intent).toBe("refund");
    expect(tested.best?.confidence).toBeGreaterThan(0);
    expect(tested.ranked.map((r) => r.intent)).toEqual(["refund", "order_status"]);
    expect(tested.ranked[0]?.score).toBeGreaterThanOrEqual(tested.ranked[1]?.score ?? 0);

    expect(await alice.caller.intents.delete({ ...scope, intentId: order.id })).toEqual({ ok: true });
    expect((await alice.caller.intents.list(scope)).map((i) => i.name)).toEqual(["refund"]);
    await expect(alice.caller.intents.delete({ ...scope, intentId: order.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("tests with the server's sentence encoder as the runtime classifies: by meaning", async () => {
    // A stand-in encoder that puts the test sentence beside the refund examples, against its words
    // (which lean to order_status): refund can only win through the encoder.
    const encoded: string[][] = [];
    const encoder = {
      name: "stand-in-2",
      encode: async (texts: readonly string[]) => {
        encoded.push([...texts]);
        return texts.map((t) => Float32Array.from(/where|track|shipped/.test(t) ? [1, 0] : [0, 1]));
      },
    };
    const carol = createTestBrowser(createTestServices(db, { sentenceEncoder: encoder }));
    const workspaceId = (await carol.caller.auth.signUp({ email: "carol@in.test", password: "carol's password", name: "Carol" })).workspaceId;
    const botId = (await carol.caller.bots.create({ workspaceId, name: "Carol's shop" })).id;
    await carol.caller.intents.create({ workspaceId, botId, name: "order_status", examples: ["where is my order", "track my parcel", "has my order shipped"] });
    await carol.caller.intents.create({ workspaceId, botId, name: "refund", examples: ["I want my money back", "refund please"] });
    // each edit retrains in the background: the examples are encoded before anyone asks
    await expect.poll(() => encoded.some((texts) => texts.includes("refund please"))).toBe(true);
    const before = encoded.length;
    const tested = await carol.caller.intents.test({ workspaceId, botId, text: "my order hasn't come yet" });
    // the test box only encoded its sentence: the model was ready
    expect(encoded.slice(before)).toEqual([["my order hasn't come yet"]]);
    expect(tested.best?.intent).toBe("refund");
    // scored on the sentence calibration: the stand-in's identical vectors make it certain
    expect(tested.best?.confidence).toBeGreaterThan(0.9);
  });

  it("tests a bot without intents as no match", async () => {
    const other = (await alice.caller.bots.create({ workspaceId: aliceWs, name: "Empty" })).id;
    expect(await alice.caller.intents.test({ workspaceId: aliceWs, botId: other, text: "hello" })).toEqual({ best: null, ranked: [] });
  });

  it("does not let an agent write", async () => {
    const scope = { workspaceId: aliceWs, botId: aliceBot };
    const [intent] = await agent.caller.intents.list(scope);
    const intentId = intent?.id ?? "";
    await expect(agent.caller.intents.create({ ...scope, name: "x", examples: ["x"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.intents.update({ ...scope, intentId, name: "y" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.intents.delete({ ...scope, intentId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.prisma.intent.count({ where: { botId: aliceBot } })).toBe(1);
  });

  it("gives NOT_FOUND for another workspace's bot or intent in every procedure and changes nothing", async () => {
    const notFound = { code: "NOT_FOUND" };
    const scope = { workspaceId: aliceWs, botId: bobBot };
    await expect(alice.caller.intents.list(scope)).rejects.toMatchObject(notFound);
    await expect(alice.caller.intents.create({ ...scope, name: "x", examples: ["x"] })).rejects.toMatchObject(notFound);
    await expect(alice.caller.intents.update({ ...scope, intentId: bobIntent, name: "stolen" })).rejects.toMatchObject(notFound);
    await expect(alice.caller.intents.delete({ ...scope, intentId: bobIntent })).rejects.toMatchObject(notFound);
    await expect(alice.caller.intents.test({ ...scope, text: "bob only" })).rejects.toMatchObject(notFound);
    // her own bot, Bob's intent id
    await expect(alice.caller.intents.update({ workspaceId: aliceWs, botId: aliceBot, intentId: bobIntent, name: "stolen" })).rejects.toMatchObject(notFound);
    await expect(alice.caller.intents.delete({ workspaceId: aliceWs, botId: aliceBot, intentId: bobIntent })).rejects.toMatchObject(notFound);
    expect(await db.prisma.intent.findUniqueOrThrow({ where: { id: bobIntent } })).toMatchObject({ name: "secret", botId: bobBot });
  });
});
