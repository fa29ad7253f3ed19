import type { KnowledgeQueryable } from "./sql.ts";

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Titles of some of a bot's sources by id (for citing retrieved chunks); ids outside the bot are left out. */
export async function findSourceTitles(pool: KnowledgeQueryable, input: { workspaceId: string; botId: string; sourceIds: readonly string[] }): Promise<Map<string, string>> {
  const ids = [...new Set(input.sourceIds)].filter(isUuid);
  if (ids.length === 0 || !isUuid(input.workspaceId) || !isUuid(input.botId)) return new Map();
  const result = await pool.query<{ id: string; title: string }>(
    `SELECT "id", "title" FROM "KnowledgeSource" WHERE "workspaceId" = $1 AND "botId" = $2 AND "id" = ANY($3::uuid[])`,
    [input.workspaceId, input.botId, ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.title]));
}
