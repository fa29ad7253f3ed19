import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { knowledgeLimits } from "@chatwright/knowledge";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";

let db: MigratedTestDatabase;
let alice: TestBrowser;
let bob: TestBrowser;
let agent: TestBrowser;
let aliceWs: string;
let bobWs: string;
let aliceBot: string;
let bobBot: string;
let bobSource: string;
const invalidated: string[] = [];

const faqCsv = [
  "question,answer",
  '"How long does delivery take?","Delivery takes 2 to 4 working days."',
  '"Can I return an item?","You can return any item within 30 days."',
  '"Do you ship abroad?","We ship to all EU countries."',
].join("\n");
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

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
  aliceWs = (await alice.caller.auth.signUp({ email: "alice@kb.test", password: "alice's password", name: "Alice" })).workspaceId;
  bobWs = (await bob.caller.auth.signUp({ email: "bob@kb.test", password: "bob's password!", name: "Bob" })).workspaceId;
  await agent.caller.auth.signUp({ email: "agent@kb.test", password: "agent's password", name: "Agent" });
  const agentUser = await db.prisma.user.findUniqueOrThrow({ where: { email: "agent@kb.test" } });
  await db.prisma.membership.create({ data: { workspaceId: aliceWs, userId: agentUser.id, role: "AGENT" } });
  aliceBot = (await alice.caller.bots.create({ workspaceId: aliceWs, name: "Shop" })).id;
  bobBot = (await bob.caller.bots.create({ workspaceId: bobWs, name: "Bob's shop" })).id;
  bobSource = (await bob.caller.knowledge.importFaq({ workspaceId: bobWs, botId: bobBot, title: "Bob FAQ", fileName: "faq.csv", content: faqCsv })).sourceId;
});
afterAll(async () => {
  await db.close();
});

const chunkCount = () => db.prisma.knowledgeChunk.count({ where: { botId: aliceBot } });

describe("knowledge router", () => {
  it("imports an FAQ with malformed rows, reports them, lists the source and its chunks, and invalidates the bot's answers", async () => {
    invalidated.length = 0;
    const csv = `${faqCsv}\n"A question without answer",\n,"an answer without question"`;
    const result = await alice.caller.knowledge.importFaq({ workspaceId: aliceWs, botId: aliceBot, title: "Shop FAQ", fileName: "faq.csv", content: csv });
    expect(result.chunkCount).toBe(3);
    expect(result.skipped.map((s) => s.row)).toEqual([5, 6]);
    expect(result.skipped[0]?.message).toEqual(expect.any(String));
    expect(invalidated).toEqual([aliceBot]);
    const sources = await alice.caller.knowledge.listSources({ workspaceId: aliceWs, botId: aliceBot });
    expect(sources).toEqual([
      {
        id: result.sourceId,
        kind: "FAQ",
        title: "Shop FAQ",
        status: "READY",
        originalName: "faq.csv",
        bytes: Buffer.byteLength(csv),
        chunkCount: 3,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
        isFaqForm: false,
      },
    ]);
    const chunks = await agent.caller.knowledge.listChunks({ workspaceId: aliceWs, botId: aliceBot, sourceId: result.sourceId, limit: 2 });
    expect(chunks).toEqual([
      { id: expect.any(String), position: 0, question: "How long does delivery take?", answer: "Delivery takes 2 to 4 working days.", heading: null, content: "Delivery takes 2 to 4 working days." },
      { id: expect.any(String), position: 1, question: "Can I return an item?", answer: "You can return any item within 30 days.", heading: null, content: "You can return any item within 30 days." },
    ]);
  });

  it("refuses a file of only bad rows with the row report and stores nothing", async () => {
    const before = await chunkCount();
    const sources = await db.prisma.knowledgeSource.count({ where: { botId: aliceBot } });
    const error = await alice.caller.knowledge
      .importFaq({ workspaceId: aliceWs, botId: aliceBot, title: "Bad", fileName: "bad.csv", content: "question,answer\n,only answer\nonly question," })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("has no question with an answer") });
    expect(await chunkCount()).toBe(before);
    expect(await db.prisma.knowledgeSource.count({ where: { botId: aliceBot } })).toBe(sources);
  });

  it("refuses an oversize upload with PAYLOAD_TOO_LARGE and writes no row", async () => {
    const before = await chunkCount();
    const big = "a".repeat(knowledgeLimits.maxFileBytes + 1);
    await expect(alice.caller.knowledge.uploadDocument({ workspaceId: aliceWs, botId: aliceBot, title: "Big", fileName: "big.txt", contentBase64: base64(big) })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("files may be at most 5.0 MB"),
    });
    await expect(alice.caller.knowledge.importFaq({ workspaceId: aliceWs, botId: aliceBot, title: "Big", fileName: "big.csv", content: `question,answer\n${big}` })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(await chunkCount()).toBe(before);
    expect(await db.prisma.knowledgeSource.count({ where: { botId: aliceBot, title: "Big" } })).toBe(0);
  });

  it("uploads, replaces and deletes a document; refuses unsupported types", async () => {
    const doc = await alice.caller.knowledge.uploadDocument({
      workspaceId: aliceWs,
      botId: aliceBot,
      title: "Shipping policy",
      fileName: "shipping.md",
      contentBase64: base64("# Shipping\n\nParcels to Norway take 6 working days.\n\n# Gift wrap\n\nGift wrapping costs 3 euros."),
    });
    expect(doc.chunkCount).toBeGreaterThanOrEqual(1);
    await expect(alice.caller.knowledge.uploadDocument({ workspaceId: aliceWs, botId: aliceBot, title: "x", fileName: "x.docx", contentBase64: base64("x") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const replaced = await alice.caller.knowledge.replaceSource({ workspaceId: aliceWs, botId: aliceBot, sourceId: doc.sourceId, fileName: "shipping.txt", contentBase64: base64("Parcels to Norway take 5 working days.") });
    // no embeddings model configured here: nothing embedded, nothing failed
    expect(replaced).toEqual({ chunkCount: 1, embedded: 0, embeddingError: null, publishedVersion: null });
    expect(await alice.caller.knowledge.deleteSource({ workspaceId: aliceWs, botId: aliceBot, sourceId: doc.sourceId })).toEqual({ ok: true });
    expect(await db.prisma.knowledgeChunk.count({ where: { sourceId: doc.sourceId } })).toBe(0);
    await expect(alice.caller.knowledge.deleteSource({ workspaceId: aliceWs, botId: aliceBot, sourceId: doc.sourceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("tests retrieval with ranked, scored hits (near-misses included) and honours the threshold setting", async () => {
    expect(await agent.caller.knowledge.getSettings({ workspaceId: aliceWs, botId: aliceBot })).toEqual({ threshold: 0.35 });
    const result = await agent.caller.knowledge.testRetrieval({ workspaceId: aliceWs, botId: aliceBot, query: "how long does delivery take", topK: 3 });
    expect(result.threshold).toBe(0.35);
    expect(result.hits.length).toBeGreaterThanOrEqual(1);
    const [best] = result.hits;
    expect(best).toMatchObject({ question: "How long does delivery take?", sourceTitle: "Shop FAQ", isAboveThreshold: true, vectorScore: null });
    expect(best?.score).toBeGreaterThan(0.35);
    const scores = result.hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const hit of result.hits) expect(hit.isAboveThreshold).toBe(hit.score >= 0.35);

    invalidated.length = 0;
    expect(await alice.caller.knowledge.updateSettings({ workspaceId: aliceWs, botId: aliceBot, threshold: 0.99 })).toEqual({ threshold: 0.99 });
    expect(invalidated).toEqual([aliceBot]);
    const strict = await agent.caller.knowledge.testRetrieval({ workspaceId: aliceWs, botId: aliceBot, query: "how long does delivery take", topK: 3 });
    expect(strict.threshold).toBe(0.99);
    expect(strict.hits.length).toBe(result.hits.length);
    expect(strict.hits.every((h) => h.isAboveThreshold === h.score >= 0.99)).toBe(true);
    await expect(alice.caller.knowledge.updateSettings({ workspaceId: aliceWs, botId: aliceBot, threshold: 1.5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await alice.caller.knowledge.updateSettings({ workspaceId: aliceWs, botId: aliceBot, threshold: 0.35 });
  });

  it("reads a corrupt stored setting as the default", async () => {
    await db.prisma.bot.update({ where: { id: aliceBot }, data: { settings: { retrievalThreshold: "high" } } });
    expect(await alice.caller.knowledge.getSettings({ workspaceId: aliceWs, botId: aliceBot })).toEqual({ threshold: 0.35 });
  });

  it("does not let an agent write", async () => {
    const [source] = await alice.caller.knowledge.listSources({ workspaceId: aliceWs, botId: aliceBot });
    const sourceId = source?.id ?? "";
    const forbidden = { code: "FORBIDDEN" };
    await expect(agent.caller.knowledge.importFaq({ workspaceId: aliceWs, botId: aliceBot, title: "x", fileName: "f.csv", content: faqCsv })).rejects.toMatchObject(forbidden);
    await expect(agent.caller.knowledge.uploadDocument({ workspaceId: aliceWs, botId: aliceBot, title: "x", fileName: "f.txt", contentBase64: base64("x") })).rejects.toMatchObject(forbidden);
    await expect(agent.caller.knowledge.replaceSource({ workspaceId: aliceWs, botId: aliceBot, sourceId, fileName: "f.csv", contentBase64: base64(faqCsv) })).rejects.toMatchObject(forbidden);
    await expect(agent.caller.knowledge.deleteSource({ workspaceId: aliceWs, botId: aliceBot, sourceId })).rejects.toMatchObject(forbidden);
    await expect(agent.caller.knowledge.updateSettings({ workspaceId: aliceWs, botId: aliceBot, threshold: 0.1 })).rejects.toMatchObject(forbidden);
    expect(await db.prisma.knowledgeSource.count({ where: { id: sourceId } })).toBe(1);
  });

  it("gives NOT_FOUND for another workspace's bot or source in every procedure and changes nothing", async () => {
    const notFound = { code: "NOT_FOUND" };
    const scope = { workspaceId: aliceWs, botId: bobBot };
    const bobChunks = await db.prisma.knowledgeChunk.count({ where: { botId: bobBot } });
    await expect(alice.caller.knowledge.listSources(scope)).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.importFaq({ ...scope, title: "x", fileName: "f.csv", content: faqCsv })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.uploadDocument({ ...scope, title: "x", fileName: "f.txt", contentBase64: base64("hello") })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.replaceSource({ ...scope, sourceId: bobSource, fileName: "f.csv", contentBase64: base64(faqCsv) })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.deleteSource({ ...scope, sourceId: bobSource })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.listChunks({ ...scope, sourceId: bobSource })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.testRetrieval({ ...scope, query: "delivery" })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.getSettings(scope)).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.updateSettings({ ...scope, threshold: 0.1 })).rejects.toMatchObject(notFound);
    // her own bot, Bob's source id
    await expect(alice.caller.knowledge.listChunks({ workspaceId: aliceWs, botId: aliceBot, sourceId: bobSource })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.deleteSource({ workspaceId: aliceWs, botId: aliceBot, sourceId: bobSource })).rejects.toMatchObject(notFound);
    await expect(alice.caller.knowledge.replaceSource({ workspaceId: aliceWs, botId: aliceBot, sourceId: bobSource, fileName: "f.csv", contentBase64: base64(faqCsv) })).rejects.toMatchObject(notFound);
    // Bob's workspace id: not a member
    await expect(alice.caller.knowledge.listSources({ workspaceId: bobWs, botId: bobBot })).rejects.toMatchObject(notFound);
    expect(await db.prisma.knowledgeChunk.count({ where: { botId: bobBot } })).toBe(bobChunks);
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bobBot } })).settings).toEqual({});
  });
});
