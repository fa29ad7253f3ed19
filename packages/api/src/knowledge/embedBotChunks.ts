import { embedChunks, type KnowledgePool } from "@chatwright/knowledge";
import type { ApiServices } from "../context";
import { recordEmbeddingUsage } from "./recordEmbeddingUsage";

export type ChunkEmbeddingOutcome = {
  /** Chunks given a vector now. */
  embedded: number;
  /** Why the new chunks have no vectors yet, in words an owner can act on; null when all went well (or embeddings are off). */
  embeddingError: string | null;
};

/**
 * Embeds the bot's chunks that have no vector of the current embeddings
 * model yet (the new source's, any an earlier failed run left, and all of
 * them after a model change), when embeddings are configured. Every provider
 * call is recorded as the workspace's usage. A provider failure never fails
 * the import: text search works without vectors, the error is logged and
 * returned, and the next import (or server start) tries again.
 */
export async function embedBotChunks(
  services: { pool: KnowledgePool } & Pick<ApiServices, "embedder" | "now" | "onBackgroundError">,
  scope: { workspaceId: string; botId: string },
): Promise<ChunkEmbeddingOutcome> {
  const { embedder } = services;
  if (!embedder) return { embedded: 0, embeddingError: null };
  try {
    const { embedded } = await embedChunks(services.pool, embedder, { ...scope, onUsage: (usage) => recordEmbeddingUsage(services, scope, usage) });
    return { embedded, embeddingError: null };
  } catch (error) {
    services.onBackgroundError?.(error, "embedChunks");
    const reason = error instanceof Error ? error.message : String(error);
    return {
      embedded: 0,
      embeddingError: `The source was saved, but search by meaning could not be prepared for it (${reason}). Questions are still matched by their words; the next import tries again.`,
    };
  }
}
