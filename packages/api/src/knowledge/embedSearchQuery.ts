import { embedQuery, hasChunkEmbeddings, type KnowledgePool } from "@chatwright/knowledge";
import type { ApiServices } from "../context";

/**
 * The query's embedding for a test search, as a turn would have it: only
 * when embeddings are configured and the bot has vectors; null (text search
 * alone) when the provider fails or is slow.
 */
export async function embedSearchQuery(
  services: { pool: KnowledgePool } & Pick<ApiServices, "embedder" | "onBackgroundError">,
  scope: { workspaceId: string; botId: string },
  query: string,
): Promise<number[] | null> {
  const { embedder } = services;
  if (!embedder || !(await hasChunkEmbeddings(services.pool, scope))) return null;
  return embedQuery(embedder, query, { onError: (error) => services.onBackgroundError?.(error, "embedQuery") });
}
