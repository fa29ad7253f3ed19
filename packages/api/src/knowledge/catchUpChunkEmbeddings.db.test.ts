import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { embedChunks, ingestSource, retrieve, type Embedder } from "@chatwright/knowledge";
import { createEmbedder, createLlmProvider } from "@chatwright/llm";
import { embedByTopic, useOpenAiTestServer } from "@chatwright/llm/testing";
import { readMonthlyUsage } from "@chatwright/runtime";
import { embedSearchQuery } from "./embedSearchQuery";
import { catchUpChunkEmbeddings } from "./catchUpChunkEmbeddings";

// The start-up catch-up on a real database, against the local
// OpenAI-compatible server: after EMBEDDINGS_MODEL changes, every bot's
// chunks are re-embedded with the new model, bot by bot, and paid for.
const OLD_MODEL = "acme/embed-old";
const NEW_MODEL = "openai/text-embedding-3-small";
const openai = useOpenAiTestServer({ embed: embedByTopic([["delivery", "parcel", "arrive"], ["return", "refund", "money"]]) });
let db: MigratedTestDatabase;
const now = new Date("2026-11-20T12:00:00Z");
const loggedErrors: string[] = [];
const invalidated: string[] = [];

const faqCsv = ['question,answer', '"How long does delivery take?","Two to four working days."', '"Can I get a refund?","Yes, within 30 days."'].join("\n");
const embeddingRequests = () => openai.requests.filter((r) => r.path.endsWith("/embeddings"));
const embedderFor = (model: string): Embedder =>
  createEmbedder({ llm: createLlmProvider({ apiKey: "test-key", baseURL: openai.baseURL, referer: "https://chatwright.test", title: "Chatwright tests", timeoutMs: 5_000, sleep: async () => undefined }), model });
const servicesWith = (embedder: Embedder | null) => ({
  pool: db.pool,
  embedder,
  now: () => now,
  onBackgroundError: (error: unknown, during: string) => void loggedErrors.push(`${during}: ${error instanceof Error ? error.message : String(error)}`),
  invalidateBotAnswers: async (botId: string) => void invalidated.push(botId),
});

/** A workspace with one bot whose FAQ is embedded by `model` (or has no vectors when null). */
async function shopWithBot(name: string, model: string | null) {
  const workspaceId = (await db.prisma.workspace.create({ data: { name } })).id;
  const botId = (await db.prisma.bot.create({ data: { workspaceId, name, publicKey: `pk_${name}` } })).id;
  await ingestSource(db.pool, { workspaceId, botId, kind: "FAQ", title: "FAQ", file: { name: "faq.csv", text: faqCsv } });
  if (model !== null) await embedChunks(db.pool, embedderFor(model), { workspaceId, botId });
  return { workspaceId, botId };
}
const modelsOf = async (botId: string) => (await db.prisma.knowledgeChunk.findMany({ where: { botId }, orderBy: { position: "asc" } })).map((c) => c.embeddingModel);
const embeddingUsageOf = (workspaceId: string) => db.prisma.llmUsage.findMany({ where: { workspaceId, kind: "embedding" }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  loggedErrors.length = 0;
  invalidated.length = 0;
  // Each test starts from chunks that are all up to date, so only its own bots need work.
  await db.pool.query(`DELETE FROM "KnowledgeSource"`);
});

describe("catchUpChunkEmbeddings", () => {
  it("re-embeds every bot's chunks made by another model, and those with none, recording each workspace's usage", async () => {
    const switched = await shopWithBot("Switched", OLD_MODEL);
    const vectorless = await shopWithBot("Vectorless", null);
    const current = await shopWithBot("Current", NEW_MODEL);
    openai.reset();

    // Before the catch-up, the new model's query is compared with nothing: the old vectors are another space.
    const services = servicesWith(embedderFor(NEW_MODEL));
    expect(await embedSearchQuery(services, switched, "When will my parcel arrive?")).toBeNull();

    const summary = await catchUpChunkEmbeddings(services);
    expect(summary).toEqual({ bots: 2, embedded: 4, failedBots: 0, isStopped: false });
    expect(await modelsOf(switched.botId)).toEqual([NEW_MODEL, NEW_MODEL]);
    expect(await modelsOf(vectorless.botId)).toEqual([NEW_MODEL, NEW_MODEL]);
    // one call per bot, none for the bot already on the new model
    expect(embeddingRequests().map((r) => r.body.model)).toEqual([NEW_MODEL, NEW_MODEL]);
    expect(invalidated.sort()).toEqual([switched.botId, vectorless.botId].sort());
    expect(loggedErrors).toEqual([]);

    for (const shop of [switched, vectorless]) {
      const rows = await embeddingUsageOf(shop.workspaceId);
      expect(rows).toMatchObject([{ botId: shop.botId, conversationId: null, model: NEW_MODEL, completionTokens: 0 }]);
      expect(rows[0]?.promptTokens).toBeGreaterThan(0);
      expect(rows[0]?.costUsd).toBeCloseTo(((rows[0]?.promptTokens ?? 0) * 0.02) / 1_000_000, 15);
      expect(await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: now })).toMatchObject({ llmCalls: 0, embeddingCalls: 1, embeddingTokens: rows[0]?.promptTokens });
    }
    expect(await embeddingUsageOf(current.workspaceId)).toEqual([]);

    // and search by meaning is back without the owner doing anything
    const query = await embedSearchQuery(services, switched, "When will my parcel arrive?");
    expect(query?.model).toBe(NEW_MODEL);
    const [best] = await retrieve(db.pool, { ...switched, query: "When will my parcel arrive?", queryEmbedding: query ?? undefined, threshold: 0 });
    expect(best).toMatchObject({ question: "How long does delivery take?", vectorScore: 1 });

    openai.reset();
    expect(await catchUpChunkEmbeddings(services)).toEqual({ bots: 0, embedded: 0, failedBots: 0, isStopped: false });
    expect(embeddingRequests()).toEqual([]);
  });

  it("survives a failing provider: nothing stored, nothing recorded, errors logged, and it gives up after failures in a row", async () => {
    const shops = [await shopWithBot("Down1", OLD_MODEL), await shopWithBot("Down2", OLD_MODEL), await shopWithBot("Down3", null)];
    openai.reset();
    // three attempts per bot (the provider's retries), for the first two bots
    openai.enqueue(...Array.from({ length: 6 }, () => ({ status: 503 })));
    const summary = await catchUpChunkEmbeddings(servicesWith(embedderFor(NEW_MODEL)), { maxConsecutiveFailures: 2 });
    expect(summary).toEqual({ bots: 3, embedded: 0, failedBots: 2, isStopped: true });
    expect(embeddingRequests()).toHaveLength(6);
    expect(loggedErrors).toEqual([expect.stringMatching(/^embedChunks: /), expect.stringMatching(/^embedChunks: /)]);
    for (const shop of shops) expect(await embeddingUsageOf(shop.workspaceId)).toEqual([]);
    expect(await modelsOf(shops[0]?.botId ?? "")).toEqual([OLD_MODEL, OLD_MODEL]);
    expect(await modelsOf(shops[2]?.botId ?? "")).toEqual([null, null]);
    expect(invalidated).toEqual([]);

    // a malformed answer (a vector too few) stores nothing either, though the call is paid for
    openai.reset();
    const bad: Embedder = { model: NEW_MODEL, embed: async (texts) => ({ vectors: [[1, 0]], usage: { model: NEW_MODEL, promptTokens: texts.length, costUsd: null } }) };
    const malformed = await catchUpChunkEmbeddings(servicesWith(bad), { maxConsecutiveFailures: 1 });
    expect(malformed).toMatchObject({ failedBots: 1, isStopped: true, embedded: 0 });
    expect(await modelsOf(shops[0]?.botId ?? "")).toEqual([OLD_MODEL, OLD_MODEL]);
    expect(await modelsOf(shops[2]?.botId ?? "")).toEqual([null, null]);
    const paid = (await Promise.all(shops.map((shop) => embeddingUsageOf(shop.workspaceId)))).flat();
    expect(paid).toMatchObject([{ model: NEW_MODEL, promptTokens: 2 }]);

    // when the provider is back, the next run does all of it
    expect(await catchUpChunkEmbeddings(servicesWith(embedderFor(NEW_MODEL)))).toEqual({ bots: 3, embedded: 6, failedBots: 0, isStopped: false });
  });

  it("does nothing without an embedder, stops when told to, and never throws when the database is away", async () => {
    await shopWithBot("Idle", null);
    openai.reset();
    expect(await catchUpChunkEmbeddings(servicesWith(null))).toEqual({ bots: 0, embedded: 0, failedBots: 0, isStopped: false });
    expect(await catchUpChunkEmbeddings(servicesWith(embedderFor(NEW_MODEL)), { signal: AbortSignal.abort() })).toEqual({ bots: 1, embedded: 0, failedBots: 0, isStopped: true });
    expect(openai.requests).toEqual([]);

    const brokenPool = { query: () => Promise.reject(new Error("connection refused")) } as unknown as typeof db.pool;
    const summary = await catchUpChunkEmbeddings({ ...servicesWith(embedderFor(NEW_MODEL)), pool: brokenPool });
    expect(summary).toEqual({ bots: 0, embedded: 0, failedBots: 0, isStopped: true });
    expect(loggedErrors).toEqual(["embedChunks: connection refused"]);
  });
});
