import { KnowledgeError } from "./errors.ts";
import type { ProgressCallback } from "./ingestSource.ts";
import type { KnowledgePool } from "./sql.ts";

/** Turns texts into vectors (one per text, same length); the LLM package provides one over /embeddings (createEmbedder). */
export type Embedder = { embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]> };

export type EmbedChunksInput = {
  workspaceId: string;
  botId: string;
  /** only this source's chunks (default: the whole bot) */
  sourceId?: string;
  /** re-embed chunks that already have a vector (after changing the embeddings model) */
  isRecomputed?: boolean;
  batchSize?: number;
  onProgress?: ProgressCallback;
};

/** The text a chunk is embedded from: its question and heading carry the topic. */
export const embeddingTextOf = (chunk: { question: string | null; heading: string | null; content: string }): string =>
  [chunk.question, chunk.heading, chunk.content].filter((s) => s !== null && s !== "").join("\n");

/**
 * Computes and stores embeddings (as unit vectors in `real[]`) for a bot's
 * chunks that have none. Each batch is stored as it arrives, so an
 * interrupted run resumes where it stopped.
 */
export async function embedChunks(pool: KnowledgePool, embedder: Embedder, input: EmbedChunksInput): Promise<{ embedded: number }> {
  const batchSize = input.batchSize ?? 64;
  const rows = await pool.query<{ id: string; question: string | null; heading: string | null; content: string }>(
    `SELECT "id", "question", "heading", "content" FROM "KnowledgeChunk"
     WHERE "workspaceId" = $1::uuid AND "botId" = $2::uuid AND ($3::uuid IS NULL OR "sourceId" = $3::uuid)
       AND ($4 OR cardinality("embedding") = 0)
     ORDER BY "sourceId", "position"`,
    [input.workspaceId, input.botId, input.sourceId ?? null, input.isRecomputed ?? false],
  );
  const chunks = rows.rows;
  input.onProgress?.(0, chunks.length);
  for (let start = 0; start < chunks.length; start += batchSize) {
    const batch = chunks.slice(start, start + batchSize);
    const vectors = await embedder.embed(batch.map(embeddingTextOf));
    if (vectors.length !== batch.length) throw new KnowledgeError("BAD_REQUEST", `The embeddings provider returned ${vectors.length} vectors for ${batch.length} texts.`);
    const updates = batch.map((chunk, i) => {
      const vector = vectors[i] ?? [];
      let sum = 0;
      for (const x of vector) sum += x * x;
      const inverse = sum > 0 && Number.isFinite(sum) ? 1 / Math.sqrt(sum) : 0;
      return { id: chunk.id, embedding: inverse === 0 ? [] : vector.map((x) => x * inverse) };
    });
    await pool.query(
      `UPDATE "KnowledgeChunk" c SET "embedding" = u.embedding
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, embedding real[])
       WHERE c."id" = u.id AND c."workspaceId" = $2::uuid AND c."botId" = $3::uuid`,
      [JSON.stringify(updates), input.workspaceId, input.botId],
    );
    input.onProgress?.(Math.min(start + batchSize, chunks.length), chunks.length);
  }
  return { embedded: chunks.length };
}
