import type { Embedder, EmbeddingUsage } from "./embedChunks.ts";

/** A query's vector and the model that made it: retrieval compares it only with chunks embedded by the same model. */
export type QueryEmbedding = { model: string; vector: number[] };

export type EmbedQueryOptions = {
  /** Give up after this long (default 3000 ms): a visitor is waiting, and text search answers without it. */
  timeoutMs?: number;
  /** Told why the query has no embedding (provider down, timed out, malformed answer). */
  onError?: (error: unknown) => void;
  /**
   * Told what the call spent once the provider answered in time (even with
   * an unusable vector). Should not throw: a failure here costs the query
   * its embedding.
   */
  onUsage?: (usage: EmbeddingUsage) => void | Promise<void>;
};

/**
 * A query's embedding, or null when the embeddings provider fails or is
 * slow: retrieval then runs on text alone, so a provider outage never fails
 * a visitor's turn or the owner's test search.
 */
export async function embedQuery(embedder: Embedder, query: string, options: EmbedQueryOptions = {}): Promise<QueryEmbedding | null> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced as well as signalled, in case an embedder ignores the signal.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`The query embedding took longer than ${timeoutMs} ms.`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const { vectors, usage } = await Promise.race([embedder.embed([query], { signal: controller.signal }), timeout]).finally(() => clearTimeout(timer));
    // After the race, so the record never runs beside the caller's next query on a shared connection.
    await options.onUsage?.(usage);
    const vector = vectors[0];
    if (vectors.length !== 1 || vector === undefined || vector.length === 0 || !vector.every(Number.isFinite)) {
      throw new Error(`The embeddings provider returned ${vectors.length} vectors (expected one non-empty vector) for the query.`);
    }
    return { model: embedder.model, vector };
  } catch (error) {
    options.onError?.(error);
    return null;
  }
}
