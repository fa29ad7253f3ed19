import type { KnowledgeQueryable } from "./sql.ts";

/**
 * Every bot (in any workspace) with chunks that have no vector from `model`:
 * none yet, or one from an earlier EMBEDDINGS_MODEL. For the start-up catch-up
 * that re-embeds them, bot by bot; each bot is then embedded in its own scope.
 */
export async function listBotsNeedingEmbeddings(pool: KnowledgeQueryable, model: string): Promise<Array<{ workspaceId: string; botId: string; chunkCount: number }>> {
  const result = await pool.query<{ workspaceId: string; botId: string; chunkCount: number }>(
    `SELECT "workspaceId", "botId", count(*)::int AS "chunkCount" FROM "KnowledgeChunk"
     WHERE cardinality("embedding") = 0 OR "embeddingModel" IS DISTINCT FROM $1
     GROUP BY "workspaceId", "botId" ORDER BY "workspaceId", "botId"`,
    [model],
  );
  return result.rows;
}
