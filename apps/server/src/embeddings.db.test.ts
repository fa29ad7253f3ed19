import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBrowser, createTestServices } from "@chatwright/api/testing";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { compileFlow, type FlowGraph } from "@chatwright/flow";
import { useOpenAiTestServer, embedByTopic } from "@chatwright/llm/testing";
import { createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { readServerEnv } from "./env";
import { createBotServicesFactory } from "./services";
import { testBotServicesOptions } from "./testing/testBotServicesOptions";

// EMBEDDINGS_MODEL end to end through the server's wiring: the API's imports
// and test search, and a conversation's faq node, against the local
// OpenAI-compatible server (embeddings by topic, so a paraphrase finds its FAQ).
let db: MigratedTestDatabase;
const openai = useOpenAiTestServer({ embed: embedByTopic([["delivery", "parcel", "arrive"], ["return", "refund", "money"]]) });

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 4 });
});
afterAll(async () => {
  await db?.close();
});

const NOT_FOUND = "I could not find that; a person will answer.";
const graph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    { id: "listen", type: "listen", position: { x: 0, y: 120 }, data: {} },
    { id: "faq", type: "faq", position: { x: 0, y: 240 }, data: { topK: 3, answerMode: "direct" } },
    { id: "missing", type: "message", position: { x: 0, y: 360 }, data: { text: NOT_FOUND } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "listen" },
    { id: "e2", source: "listen", sourceHandle: "next", target: "faq" },
    { id: "e3", source: "faq", sourceHandle: "answered", target: "listen" },
    { id: "e4", source: "faq", sourceHandle: "notFound", target: "missing" },
    { id: "e5", source: "missing", sourceHandle: "next", target: "listen" },
  ],
} as FlowGraph;
const faqCsv = ["question,answer", '"How long does delivery take?","Delivery takes 2 to 4 working days."', '"Can I return an item?","Yes, within 30 days."'].join("\n");
const embeddingRequests = () => openai.requests.filter((r) => r.path.endsWith("/embeddings"));

/** The server as main.ts builds it, with these settings: an owner imports the FAQ, then a visitor asks. */
async function runServer(name: string, settings: { apiKey: string | undefined; embeddingsModel: string | undefined }) {
  const bots = await createBotServicesFactory(testBotServicesOptions(db.pool, openai.baseURL, { apiKey: settings.apiKey, embeddingsModel: settings.embeddingsModel }));
  const owner = createTestBrowser(createTestServices(db, { embedder: bots.embedder, servicesFor: bots.servicesFor, invalidateBotAnswers: bots.invalidateBotAnswers }));
  const workspaceId = (await owner.caller.auth.signUp({ email: `${name}@embeddings.test`, password: "a long password", name })).workspaceId;
  const botId = (await owner.caller.bots.create({ workspaceId, name })).id;
  const imported = await owner.caller.knowledge.importFaq({ workspaceId, botId, title: "FAQ", fileName: "faq.csv", content: faqCsv });
  const testSearch = await owner.caller.knowledge.testRetrieval({ workspaceId, botId, query: "When will my parcel arrive?" });

  const compiled = compileFlow(graph);
  if (!compiled.ok) throw new Error("the test graph must compile");
  const flow = await db.prisma.flow.create({ data: { workspaceId, botId, name: "Main", graph: graph as object } });
  const version = await db.prisma.flowVersion.create({ data: { workspaceId, flowId: flow.id, number: 1, graph: graph as object, machine: compiled.machine as object } });
  const runtime = createRuntime({ pool: db.pool, publisher: createInProcessPublisher(), servicesFor: bots.servicesFor });
  const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId: version.id, visitorId: "v1" });
  const turn = await runtime.sendVisitorMessage({ conversationId, text: "When will my parcel arrive?", clientMessageId: "m1" });
  return { bots, workspaceId, conversationId, imported, testSearch, replies: turn.replies.map((r) => r.text) };
}

const usageRowsOf = (workspaceId: string) =>
  db.prisma.llmUsage.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" }, select: { kind: true, model: true, conversationId: true, promptTokens: true, completionTokens: true, costUsd: true } });

describe("EMBEDDINGS_MODEL", () => {
  it("is read from the environment, unset by default", () => {
    expect(readServerEnv({}).embeddingsModel).toBeUndefined();
    expect(readServerEnv({ EMBEDDINGS_MODEL: " " }).embeddingsModel).toBeUndefined();
    expect(readServerEnv({ EMBEDDINGS_MODEL: "openai/text-embedding-3-small" }).embeddingsModel).toBe("openai/text-embedding-3-small");
  });

  it("with a key: imports store vectors, and a visitor's paraphrase is answered through them", async () => {
    const server = await runServer("Configured", { apiKey: "test-key", embeddingsModel: "openai/text-embedding-3-small" });
    expect(server.imported).toMatchObject({ chunkCount: 2, embedded: 2, embeddingError: null });
    expect(server.testSearch.hits[0]).toMatchObject({ question: "How long does delivery take?", vectorScore: 1 });
    expect(server.replies).toEqual(["Delivery takes 2 to 4 working days."]);
    expect(embeddingRequests().map((r) => r.body.model)).toEqual(Array(3).fill("openai/text-embedding-3-small"));
    // each of the three calls is the workspace's usage; the visitor's question names its conversation
    const paid = { kind: "embedding", model: "openai/text-embedding-3-small", completionTokens: 0 };
    expect(await usageRowsOf(server.workspaceId)).toMatchObject([
      { ...paid, conversationId: null },
      { ...paid, conversationId: null, promptTokens: 7, costUsd: 0.00000014 },
      { ...paid, conversationId: server.conversationId, promptTokens: 7, costUsd: 0.00000014 },
    ]);
  });

  it("a usage table that refuses writes costs neither the import nor the visitor's reply", async () => {
    // A real failure inside the turn's transaction: the usage write is undone alone (savepoint) and the reply commits.
    await db.pool.query(`CREATE FUNCTION refuse_usage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'usage is read-only today'; END $$`);
    await db.pool.query(`CREATE TRIGGER refuse_usage BEFORE INSERT ON "LlmUsage" FOR EACH ROW EXECUTE FUNCTION refuse_usage()`);
    try {
      const server = await runServer("UsageDown", { apiKey: "test-key", embeddingsModel: "openai/text-embedding-3-small" });
      expect(server.imported).toMatchObject({ chunkCount: 2, embedded: 2, embeddingError: null });
      expect(server.testSearch.hits[0]).toMatchObject({ question: "How long does delivery take?", vectorScore: 1 });
      expect(server.replies).toEqual(["Delivery takes 2 to 4 working days."]);
      const stored = await db.prisma.message.findMany({ where: { conversationId: server.conversationId, role: "BOT" } });
      expect(stored.map((m) => m.text)).toEqual(["Delivery takes 2 to 4 working days."]);
      expect(await usageRowsOf(server.workspaceId)).toEqual([]);
    } finally {
      await db.pool.query(`DROP TRIGGER refuse_usage ON "LlmUsage"; DROP FUNCTION refuse_usage()`);
    }
  });

  it("unset: no request to /embeddings, ever, and the paraphrase is not in the knowledge base", async () => {
    const server = await runServer("Unset", { apiKey: "test-key", embeddingsModel: undefined });
    expect(server.bots.embedder).toBeNull();
    expect(server.imported).toMatchObject({ embedded: 0, embeddingError: null });
    expect(server.replies).toEqual([NOT_FOUND]);
    expect(embeddingRequests()).toEqual([]);
  });

  it("without OPENROUTER_API_KEY: off too", async () => {
    const server = await runServer("NoKey", { apiKey: undefined, embeddingsModel: "openai/text-embedding-3-small" });
    expect(server.bots.embedder).toBeNull();
    expect(server.replies).toEqual([NOT_FOUND]);
    expect(openai.requests).toEqual([]);
  });
});
