import { KnowledgeError } from "./errors.ts";
import type { KnowledgePool } from "./sql.ts";

export type KnowledgeChunkSummary = { id: string; position: number; question: string | null; answer: string | null; heading: string | null; content: string };

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A source's first `limit` chunks in order (what the owner checks after an import); NOT_FOUND outside the caller's bot. */
export async function listChunks(pool: KnowledgePool, input: { workspaceId: string; botId: string; sourceId: string; limit?: number }): Promise<KnowledgeChunkSummary[]> {
  if (![input.workspaceId, input.botId, input.sourceId].every(isUuid)) throw new KnowledgeError("NOT_FOUND", "The knowledge source was not found in this workspace.");
  const limit = Math.max(1, Math.min(200, Math.floor(input.limit ?? 50)));
  const source = await pool.query(`SELECT 1 FROM "KnowledgeSource" WHERE "id" = $1 AND "workspaceId" = $2 AND "botId" = $3`, [input.sourceId, input.workspaceId, input.botId]);
  if (source.rowCount === 0) throw new KnowledgeError("NOT_FOUND", "The knowledge source was not found in this workspace.");
  const result = await pool.query<KnowledgeChunkSummary>(
    `SELECT "id", "position", "question", "answer", "heading", "content" FROM "KnowledgeChunk"
     WHERE "sourceId" = $1 AND "workspaceId" = $2 AND "botId" = $3 ORDER BY "position", "id" LIMIT $4`,
    [input.sourceId, input.workspaceId, input.botId, limit],
  );
  return result.rows;
}
