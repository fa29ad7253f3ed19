import { KnowledgeError } from "./errors.ts";
import type { ProgressCallback } from "./ingestSource.ts";
import type { KnowledgePool } from "./sql.ts";

/** What one embeddings call spent: the caller records it as the workspace's usage. */
export type EmbeddingUsage = { model: string; promptTokens: number; costUsd: number | null };

/**
 * Turns texts into vectors (one per text, same length) with one model; the
 * LLM package provides one over /embeddings (createEmbedder). Vectors of
 * different models live in different spaces, so `model` is stored with each
 * chunk's vector and only vectors of the same model are ever compared.
 */
export type Embedder = {
  model: string;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<{ vectors: number[][]; usage: EmbeddingUsage }>;
};

export type EmbedChunksInput = {
  workspaceId: string;
  botId: string;
  /** only this source's chunks (default: the whole bot) */
  sourceId?: string;
  batchSize?: number;
  onProgress?: ProgressCallback;
  /**
   * Told after every call the provider answered (its tokens are spent even
   * when the answer is then refused), before its vectors are stored. Should
   * not throw: a recorder's failure would stop the run.
   */
  onUsage?: (usage: EmbeddingUsage) => void | Promise<void>;
};

/** The text a chunk is embedded from: its question and heading carry the topic. */
export const embeddingTextOf = (chunk: { question: string | null; heading: string | null; content: string }): string =>
  [chunk.question, chunk.heading, chunk.content].filter((s) => s !== null && s !== "").join("\n");

/**
 * The batch's vectors scaled to unit length (empty for an all-zero vector,
 * which points nowhere), or an error naming what is wrong: a wrong count, an
 * empty or non-numeric vector, or vectors of different lengths. One bad
 * answer must not leave half a batch stored.
 */
function unitVectorsOf(vectors: readonly number[][], expected: number): number[][] {
  if (vectors.length !== expected) throw new KnowledgeError("BAD_REQUEST", `The embeddings provider returned ${vectors.length} vectors for ${expected} texts.`);
  const dimensions = vectors[0]?.length ?? 0;
  return vectors.map((vector) => {
    let sum = 0;
    for (const x of vector) sum += x * x;
    if (vector.length === 0 || vector.length !== dimensions || !Number.isFinite(sum)) {
      throw new KnowledgeError("BAD_REQUEST", "The embeddings provider returned an empty, non-numeric or differently sized vector; nothing of this batch was stored.");
    }
    if (sum === 0) return [];
    const inverse = 1 / Math.sqrt(sum);
    return vector.map((x) => x * inverse);
  });
}

/**
 * Computes and stores embeddings (as unit vectors in `real[]`, with the
 * embedder's model) for a bot's chunks that have none, or one made by
 * another model: changing EMBEDDINGS_MODEL re-embeds on the next run. Each
 * batch is stored in one statement as it arrives, so an interrupted run
 * resumes where it stopped, and a failed batch stores nothing.
 */
export async function embedChunks(pool: KnowledgePool, embedder: Embedder, input: EmbedChunksInput): Promise<{ embedded: number }> {
  const batchSize = input.batchSize ?? 64;
  const rows = await pool.query<{ id: string; question: string | null; heading: string | null; content: string }>(
    `SELECT "id", "question", "heading", "content" FROM "KnowledgeChunk"
     WHERE "workspaceId" = $1::uuid AND "botId" = $2::uuid AND ($3::uuid IS NULL OR "sourceId" = $3::uuid)
       AND (cardinality("embedding") = 0 OR "embeddingModel" IS DISTINCT FROM $4)
     ORDER BY "sourceId", "position"`,
    [input.workspaceId, input.botId, input.sourceId ?? null, embedder.model],
  );
  const chunks = rows.rows;
  input.onProgress?.(0, chunks.length);
  for (let start = 0; start < chunks.length; start += batchSize) {
    const batch = chunks.slice(start, start + batchSize);
    const { vectors, usage } = await embedder.embed(batch.map(embeddingTextOf));
    await input.onUsage?.(usage);
    const unitVectors = unitVectorsOf(vectors, batch.length);
    const updates = batch.map((chunk, i) => ({ id: chunk.id, embedding: unitVectors[i] ?? [] }));
    // The model only beside a vector: a chunk left without one is tried again next run.
    await pool.query(
      `UPDATE "KnowledgeChunk" c SET "embedding" = u.embedding, "embeddingModel" = CASE WHEN cardinality(u.embedding) > 0 THEN $4::text END
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, embedding real[])
       WHERE c."id" = u.id AND c."workspaceId" = $2::uuid AND c."botId" = $3::uuid`,
      [JSON.stringify(updates), input.workspaceId, input.botId, embedder.model],
    );
    input.onProgress?.(Math.min(start + batchSize, chunks.length), chunks.length);
  }
  return { embedded: chunks.length };
}
