import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedChunks, type Embedder, type EmbeddingUsage } from "./embedChunks.ts";
import { embedQuery } from "./embedQuery.ts";
import { KnowledgeError } from "./errors.ts";
import { hasChunkEmbeddings } from "./hasChunkEmbeddings.ts";
import { ingestSource } from "./ingestSource.ts";
import { listBotsNeedingEmbeddings } from "./listBotsNeedingEmbeddings.ts";
import { retrieve } from "./retrieve.ts";

// Embeddings per model on a real database: a chunk's vector is stored with
// the model that made it, and a model change re-embeds instead of comparing
// vectors from two different spaces.
const topics = [
  ["delivery", "parcel", "arrive", "shipping"],
  ["return", "refund", "money"],
  ["candle", "wax", "wick"],
];

/** One dimension per topic (counting its words), plus "none of them"; `isReversed` is another model: same length, another space. */
function topicEmbedder(model: string, options: { isReversed?: boolean; usage?: EmbeddingUsage[] } = {}): Embedder {
  return {
    model,
    embed: (texts) => {
      const vectors = texts.map((text) => {
        const vector = new Array<number>(topics.length + 1).fill(0);
        for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
          const index = topics.findIndex((words) => words.includes(word));
          if (index >= 0) vector[index] = (vector[index] ?? 0) + 1;
        }
        if (!vector.some((x) => x > 0)) vector[topics.length] = 1;
        return options.isReversed ? vector.reverse() : vector;
      });
      return Promise.resolve({ vectors, usage: { model, promptTokens: texts.join(" ").length, costUsd: null } });
    },
  };
}

const faqCsv = [
  "question,answer",
  '"How long does delivery take?","Two to four working days."',
  '"Can I get a refund?","Yes, within 30 days."',
  '"How do I trim the wick?","To 5 mm before lighting."',
].join("\n");

describe("embedChunks per embeddings model", () => {
  let db: MigratedTestDatabase;
  let workspaceId: string;

  const newBot = async (name: string) => {
    const botId = (await db.prisma.bot.create({ data: { workspaceId, name, publicKey: `pk_${name}` } })).id;
    await ingestSource(db.pool, { workspaceId, botId, kind: "FAQ", title: "FAQ", file: { name: "faq.csv", text: faqCsv } });
    return { workspaceId, botId };
  };
  const storedModels = async (botId: string) =>
    (await db.prisma.knowledgeChunk.findMany({ where: { botId }, orderBy: { position: "asc" } })).map((c) => [c.embeddingModel, c.embedding.length]);

  beforeAll(async () => {
    db = await createTestDatabase();
    workspaceId = (await db.prisma.workspace.create({ data: { name: "Model shop" } })).id;
  });
  afterAll(async () => {
    await db.close();
  });

  it("after a model change, ignores the old vectors in retrieval and re-embeds them on the next run", async () => {
    const scope = await newBot("switch");
    const oldModel = topicEmbedder("acme/embed-old");
    const newModel = topicEmbedder("acme/embed-new", { isReversed: true });
    expect(await embedChunks(db.pool, oldModel, scope)).toEqual({ embedded: 3 });
    expect(await storedModels(scope.botId)).toEqual(Array(3).fill(["acme/embed-old", 4]));
    const query = "where is my parcel";
    const oldQuery = await embedQuery(oldModel, query);
    expect((await retrieve(db.pool, { ...scope, query, queryEmbedding: oldQuery ?? undefined, threshold: 0 }))[0]).toMatchObject({ question: "How long does delivery take?", vectorScore: 1 });

    // EMBEDDINGS_MODEL changed: same vector length, another space. Nothing of the old model is compared with the new query.
    expect(await hasChunkEmbeddings(db.pool, { ...scope, model: "acme/embed-new" })).toBe(false);
    expect(await listBotsNeedingEmbeddings(db.pool, "acme/embed-new")).toContainEqual({ ...scope, chunkCount: 3 });
    const newQuery = await embedQuery(newModel, query);
    expect(newQuery).toMatchObject({ model: "acme/embed-new" });
    const mixed = await retrieve(db.pool, { ...scope, query, queryEmbedding: newQuery ?? undefined, threshold: 0 });
    expect(mixed.every((hit) => hit.vectorScore === undefined)).toBe(true);

    expect(await embedChunks(db.pool, newModel, scope)).toEqual({ embedded: 3 });
    expect(await storedModels(scope.botId)).toEqual(Array(3).fill(["acme/embed-new", 4]));
    expect(await hasChunkEmbeddings(db.pool, { ...scope, model: "acme/embed-new" })).toBe(true);
    expect(await hasChunkEmbeddings(db.pool, { ...scope, model: "acme/embed-old" })).toBe(false);
    expect(await listBotsNeedingEmbeddings(db.pool, "acme/embed-new")).not.toContainEqual(expect.objectContaining({ botId: scope.botId }));
    expect((await retrieve(db.pool, { ...scope, query, queryEmbedding: newQuery ?? undefined, threshold: 0 }))[0]).toMatchObject({ question: "How long does delivery take?", vectorScore: 1 });
    expect(await embedChunks(db.pool, newModel, scope)).toEqual({ embedded: 0 });
  });

  it("tells the caller what every provider call spent, batch by batch", async () => {
    const scope = await newBot("usage");
    const usage: EmbeddingUsage[] = [];
    await embedChunks(db.pool, topicEmbedder("acme/embed-old"), { ...scope, batchSize: 2, onUsage: (u) => void usage.push(u) });
    expect(usage).toEqual([
      { model: "acme/embed-old", promptTokens: expect.any(Number) as number, costUsd: null },
      { model: "acme/embed-old", promptTokens: expect.any(Number) as number, costUsd: null },
    ]);
    const queried: EmbeddingUsage[] = [];
    await embedQuery(topicEmbedder("acme/embed-old"), "refund", { onUsage: (u) => void queried.push(u) });
    expect(queried).toEqual([{ model: "acme/embed-old", promptTokens: 6, costUsd: null }]);
  });

  it("stores nothing of a batch the provider answers badly, and keeps what earlier batches stored", async () => {
    const scope = await newBot("bad");
    const good = topicEmbedder("acme/embed-old");
    const answering = (vectors: number[][]): Embedder => ({ model: "acme/embed-new", embed: () => Promise.resolve({ vectors, usage: { model: "acme/embed-new", promptTokens: 9, costUsd: null } }) });
    await embedChunks(db.pool, good, scope);
    const before = await storedModels(scope.botId);
    const usage: EmbeddingUsage[] = [];
    for (const vectors of [
      [[1, 0]], // too few
      [[1, 0], [0, 1], [1]], // different lengths
      [[1, 0], [0, 1], [Number.NaN, 1]], // not numbers
      [[], [], []], // empty
    ]) {
      await expect(embedChunks(db.pool, answering(vectors), { ...scope, onUsage: (u) => void usage.push(u) })).rejects.toBeInstanceOf(KnowledgeError);
    }
    expect(await storedModels(scope.botId)).toEqual(before);
    // the provider was paid for each answer, usable or not
    expect(usage).toHaveLength(4);

    // the provider fails on the second batch: the first stays stored, the next run does the rest
    let calls = 0;
    const flaky: Embedder = {
      model: "acme/embed-new",
      embed: async (texts, options) => {
        if (++calls === 2) throw new Error("provider down");
        return topicEmbedder("acme/embed-new").embed(texts, options);
      },
    };
    await expect(embedChunks(db.pool, flaky, { ...scope, batchSize: 2 })).rejects.toThrow("provider down");
    expect(await storedModels(scope.botId)).toEqual([["acme/embed-new", 4], ["acme/embed-new", 4], ["acme/embed-old", 4]]);
    expect(await embedChunks(db.pool, flaky, { ...scope, batchSize: 2 })).toEqual({ embedded: 1 });
    expect(await storedModels(scope.botId)).toEqual(Array(3).fill(["acme/embed-new", 4]));
  });

  it("lists each bot with chunks missing a vector of the model, in every workspace", async () => {
    const other = (await db.prisma.workspace.create({ data: { name: "Other shop" } })).id;
    const otherBot = (await db.prisma.bot.create({ data: { workspaceId: other, name: "Other", publicKey: "pk_other" } })).id;
    await ingestSource(db.pool, { workspaceId: other, botId: otherBot, kind: "FAQ", title: "FAQ", file: { name: "faq.csv", text: faqCsv } });
    const needing = await listBotsNeedingEmbeddings(db.pool, "acme/embed-new");
    expect(needing).toContainEqual({ workspaceId: other, botId: otherBot, chunkCount: 3 });
    await embedChunks(db.pool, topicEmbedder("acme/embed-new"), { workspaceId: other, botId: otherBot });
    expect(await listBotsNeedingEmbeddings(db.pool, "acme/embed-new")).not.toContainEqual(expect.objectContaining({ botId: otherBot }));
  });
});
