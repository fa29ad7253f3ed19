import { embedQuery, hasChunkEmbeddings, type KnowledgePool, type QueryEmbedding } from "@chatwright/knowledge";
import type { ApiServices } from "../context";
import { recordEmbeddingUsage } from "./recordEmbeddingUsage";

/**
 * The query's embedding for a test search, as a turn would have it: only
 * when embeddings are configured and the bot has vectors of the same model;
 * null (text search alone) when the provider fails or is slow. The call is
 * recorded as the workspace's usage.
 */
export async function embedSearchQuery(
  services: { pool: KnowledgePool } & Pick<ApiServices, "embedder" | "now" | "onBackgroundError">,
  scope: { workspaceId: string; botId: string },
  query: string,
): Promise<QueryEmbedding | null> {
  const { embedder } = services;
  if (!embedder || !(await hasChunkEmbeddings(services.pool, { ...scope, model: embedder.model }))) return null;
  return embedQuery(embedder, query, {
    onError: (error) => services.onBackgroundError?.(error, "embedQuery"),
    onUsage: (usage) => recordEmbeddingUsage(services, scope, usage),
  });
}
