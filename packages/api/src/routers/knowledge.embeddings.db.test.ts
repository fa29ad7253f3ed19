import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createEmbedder, createLlmProvider } from "@chatwright/llm";
import { createOpenAiTestServer, embedByTopic } from "@chatwright/llm/testing";
import type { ApiServices } from "../context";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";

// The knowledge router with EMBEDDINGS_MODEL configured, against the local
// OpenAI-compatible server. Its embeddings go by topic, so a paraphrase that
// shares no word with its FAQ still points the same way.
const EMBEDDINGS_MODEL = "openai/text-embedding-3-small";
const openai = createOpenAiTestServer({
  embed: embedByTopic([
    ["delivery", "parcel", "arrive"],
    ["return", "refund", "money"],
    ["abroad", "countries", "overseas"],
  ]),
});
let closeOpenai: () => Promise<void> = async () => undefined;
let db: MigratedTestDatabase;
let llm: ReturnType<typeof createLlmProvider>;
let owner: TestBrowser;
let workspaceId: string;
const loggedErrors: string[] = [];

const faqCsv = [
  "question,answer",
  '"How long does delivery take?","Delivery takes 2 to 4 working days."',
  '"Can I return an item?","You can return any item within 30 days for a refund."',
  '"Do you ship abroad?","We ship to all EU countries."',
].join("\n");
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const embeddingRequests = () => openai.requests.filter((r) => r.path.endsWith("/embeddings"));

async function browserFor(services: Partial<ApiServices>) {
  return createTestBrowser(createTestServices(db, services));
}

beforeAll(async () => {
  db = await createTestDatabase();
  const started = await openai.start();
  closeOpenai = started.close;
  llm = createLlmProvider({ apiKey: "test-key", baseURL: started.baseURL, referer: "https://chatwright.test", title: "Chatwright tests", timeoutMs: 5_000, sleep: async () => undefined });
  owner = await browserFor({
    embedder: createEmbedder({ llm, model: EMBEDDINGS_MODEL }),
    onBackgroundError: (error, during) => void loggedErrors.push(`${during}: ${error instanceof Error ? error.message : String(error)}`),
  });
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@embeddings.test", password: "owner's password", name: "Owner" })).workspaceId;
});
afterAll(async () => {
  await closeOpenai();
  await db?.close();
});
beforeEach(() => {
  openai.reset();
  loggedErrors.length = 0;
});

const embeddingUsageOf = (botId: string) =>
  db.prisma.llmUsage.findMany({ where: { botId, kind: "embedding" }, orderBy: { createdAt: "asc" }, select: { model: true, conversationId: true, promptTokens: true, completionTokens: true, costUsd: true } });
const vectorless = (botId: string) => db.pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "KnowledgeChunk" WHERE "botId" = $1 AND cardinality("embedding") = 0`, [botId]).then((r) => r.rows[0]?.count);

describe("knowledge router with embeddings", () => {
  it("stores a vector for every imported chunk, and ranks a paraphrase's FAQ first through them", async () => {
    const botId = (await owner.caller.bots.create({ workspaceId, name: "Vectors" })).id;
    const imported = await owner.caller.knowledge.importFaq({ workspaceId, botId, title: "FAQ", fileName: "faq.csv", content: faqCsv });
    expect(imported).toMatchObject({ chunkCount: 3, embedded: 3, embeddingError: null });
    expect(await vectorless(botId)).toBe(0);
    expect(embeddingRequests().map((r) => r.body.model)).toEqual([EMBEDDINGS_MODEL]);

    const uploaded = await owner.caller.knowledge.uploadDocument({ workspaceId, botId, title: "Guide", fileName: "guide.md", contentBase64: base64("# Parcels\n\nA parcel is handed to the courier the same day.") });
    expect(uploaded).toMatchObject({ embedded: uploaded.chunkCount, embeddingError: null });
    const replaced = await owner.caller.knowledge.replaceSource({ workspaceId, botId, sourceId: uploaded.sourceId, fileName: "guide.md", contentBase64: base64("# Couriers\n\nCouriers collect at noon.") });
    expect(replaced).toMatchObject({ embedded: replaced.chunkCount, embeddingError: null });
    expect(await vectorless(botId)).toBe(0);

    openai.reset();
    const search = await owner.caller.knowledge.testRetrieval({ workspaceId, botId, query: "I want my money back" });
    expect(search.hits[0]).toMatchObject({ question: "Can I return an item?", vectorScore: 1, isAboveThreshold: true });
    expect(search.hits[0]?.lexicalScore).toBe(0);
    expect(embeddingRequests().map((r) => r.body.input)).toEqual([["I want my money back"]]);

    // every call is the workspace's usage: three imports, then the question (the test server counts ceil(20 / 4) tokens)
    const usage = await embeddingUsageOf(botId);
    expect(usage).toHaveLength(4);
    for (const row of usage) expect(row).toMatchObject({ model: EMBEDDINGS_MODEL, conversationId: null, completionTokens: 0, promptTokens: expect.any(Number) as number });
    expect(usage[0]?.promptTokens).toBeGreaterThan(0);
    expect(usage[3]).toEqual({ model: EMBEDDINGS_MODEL, conversationId: null, promptTokens: 5, completionTokens: 0, costUsd: 0.0000001 });
    const month = await owner.caller.workspaces.usage({ workspaceId });
    expect(month.embeddingTokens).toBe(usage.reduce((sum, row) => sum + row.promptTokens, 0));
    expect(month.llmCalls).toBe(0);
  });

  it("keeps the source when the provider fails, says so, and embeds the leftovers on the next import", async () => {
    const botId = (await owner.caller.bots.create({ workspaceId, name: "Provider down" })).id;
    openai.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    const imported = await owner.caller.knowledge.importFaq({ workspaceId, botId, title: "FAQ", fileName: "faq.csv", content: faqCsv });
    expect(imported).toMatchObject({ chunkCount: 3, embedded: 0, embeddingError: expect.stringContaining("The source was saved") });
    expect(loggedErrors).toEqual([expect.stringMatching(/^embedChunks: /)]);
    expect(await owner.caller.knowledge.listSources({ workspaceId, botId })).toMatchObject([{ id: imported.sourceId, status: "READY", chunkCount: 3 }]);
    expect(await vectorless(botId)).toBe(3);
    expect(await embeddingUsageOf(botId)).toEqual([]);
    // text search works without vectors, and without asking for a query embedding
    openai.reset();
    const search = await owner.caller.knowledge.testRetrieval({ workspaceId, botId, query: "how long does delivery take" });
    expect(search.hits[0]?.question).toBe("How long does delivery take?");
    expect(embeddingRequests()).toHaveLength(0);

    const next = await owner.caller.knowledge.importFaq({ workspaceId, botId, title: "More", fileName: "more.csv", content: 'question,answer\n"Is there parking?","Yes, behind the shop."' });
    expect(next).toMatchObject({ chunkCount: 1, embedded: 4, embeddingError: null });
    expect(await vectorless(botId)).toBe(0);
  });

  it("searches by text when the query embedding fails", async () => {
    const botId = (await owner.caller.bots.create({ workspaceId, name: "Query down" })).id;
    await owner.caller.knowledge.importFaq({ workspaceId, botId, title: "FAQ", fileName: "faq.csv", content: faqCsv });
    openai.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const search = await owner.caller.knowledge.testRetrieval({ workspaceId, botId, query: "do you ship abroad" });
    expect(search.hits[0]).toMatchObject({ question: "Do you ship abroad?", vectorScore: null });
    expect(loggedErrors).toEqual([expect.stringMatching(/^embedQuery: /)]);
    // the import's one call, and nothing for the failed question
    expect(await embeddingUsageOf(botId)).toHaveLength(1);
  });

  it("after a model change, test search ignores the old vectors and the next import re-embeds every chunk", async () => {
    const botId = (await owner.caller.bots.create({ workspaceId, name: "Model change" })).id;
    await owner.caller.knowledge.importFaq({ workspaceId, botId, title: "FAQ", fileName: "faq.csv", content: faqCsv });
    const NEW_MODEL = "acme/embed-2";
    const switched = await browserFor({ embedder: createEmbedder({ llm, model: NEW_MODEL }) });
    await switched.caller.auth.signIn({ email: "owner@embeddings.test", password: "owner's password" });
    openai.reset();

    const before = await switched.caller.knowledge.testRetrieval({ workspaceId, botId, query: "I want my money back" });
    expect(before.hits.every((hit) => hit.vectorScore === null)).toBe(true);
    expect(embeddingRequests()).toEqual([]);

    const next = await switched.caller.knowledge.importFaq({ workspaceId, botId, title: "More", fileName: "more.csv", content: 'question,answer\n"Is there parking?","Yes, behind the shop."' });
    expect(next).toMatchObject({ chunkCount: 1, embedded: 4, embeddingError: null });
    const models = await db.prisma.knowledgeChunk.findMany({ where: { botId }, select: { embeddingModel: true } });
    expect(models.map((c) => c.embeddingModel)).toEqual(Array(4).fill(NEW_MODEL));
    const after = await switched.caller.knowledge.testRetrieval({ workspaceId, botId, query: "I want my money back" });
    expect(after.hits[0]).toMatchObject({ question: "Can I return an item?", vectorScore: 1 });
    // an unlisted embeddings model: tokens recorded, no price
    expect((await embeddingUsageOf(botId)).filter((row) => row.model === NEW_MODEL)).toMatchObject([{ costUsd: null }, { costUsd: null }]);
  });

  it("without an embedder nothing calls /embeddings and no vectors are stored", async () => {
    const plain = await browserFor({});
    const plainWorkspace = (await plain.caller.auth.signUp({ email: "plain@embeddings.test", password: "plain's password", name: "Plain" })).workspaceId;
    const botId = (await plain.caller.bots.create({ workspaceId: plainWorkspace, name: "Text only" })).id;
    const imported = await plain.caller.knowledge.importFaq({ workspaceId: plainWorkspace, botId, title: "FAQ", fileName: "faq.csv", content: faqCsv });
    expect(imported).toMatchObject({ embedded: 0, embeddingError: null });
    await plain.caller.knowledge.testRetrieval({ workspaceId: plainWorkspace, botId, query: "I want my money back" });
    expect(await vectorless(botId)).toBe(3);
    expect(openai.requests).toHaveLength(0);
  });
});
