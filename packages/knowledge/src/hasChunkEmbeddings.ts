import type { KnowledgeQueryable } from "./sql.ts";

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * Whether any of a bot's chunks has an embedding made by `model`: a query is
 * only worth embedding (a network call) when there are vectors of the same
 * model to compare it with; another model's vectors do not count.
 */
export async function hasChunkEmbeddings(pool: KnowledgeQueryable, scope: { workspaceId: string; botId: string; model: string }): Promise<boolean> {
  if (!isUuid(scope.workspaceId) || !isUuid(scope.botId)) return false;
  const result = await pool.query<{ exists: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM "KnowledgeChunk"
       WHERE "workspaceId" = $1::uuid AND "botId" = $2::uuid AND "embeddingModel" = $3 AND cardinality("embedding") > 0
     ) AS "exists"`,
    [scope.workspaceId, scope.botId, scope.model],
  );
  return result.rows[0]?.exists === true;
}
