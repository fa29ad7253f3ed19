import type pg from "pg";

export interface VisitorMatch {
  visitorId: string;
  botId: string;
  botName: string;
  conversations: number;
  lastSeenAt: Date;
  /** How the query matched: the id itself, a value the flow collected (an email, a name), or words the visitor wrote. */
  matchedBy: ("visitorId" | "variable" | "message")[];
}

const MATCH_LIMIT = 50;

function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Which visitors a request is about, when the person gives an email address
 * or a name instead of the widget's id: a visitor id or its beginning (the
 * inbox shows the first characters), any variable the flow
 * collected equal to the query (visitor_email from `Chatwright.identify`,
 * an ask node's answer; case-insensitive), or a visitor message containing
 * it. Only this workspace's conversations are searched.
 */
export async function findVisitors(pool: pg.Pool, input: { workspaceId: string; query: string }): Promise<VisitorMatch[]> {
  const query = input.query.trim();
  const { rows } = await pool.query<{
    visitorId: string;
    botId: string;
    botName: string;
    conversations: number;
    lastSeenAt: Date;
    byId: boolean;
    byVariable: boolean;
    byMessage: boolean;
  }>(
    `WITH matched AS (
       SELECT c."visitorId", c."botId", c."updatedAt",
         starts_with(c."visitorId", $2) AS "byId",
         EXISTS (SELECT 1 FROM jsonb_each_text(CASE WHEN jsonb_typeof(c.variables) = 'object' THEN c.variables ELSE '{}'::jsonb END) v
                 WHERE lower(v.value) = lower($2)) AS "byVariable",
         EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c.id AND m.role = 'VISITOR' AND m.text ILIKE $3) AS "byMessage"
       FROM "Conversation" c
       WHERE c."workspaceId" = $1
     )
     SELECT m."visitorId", m."botId", b.name AS "botName", count(*)::int AS conversations, max(m."updatedAt") AS "lastSeenAt",
       bool_or(m."byId") AS "byId", bool_or(m."byVariable") AS "byVariable", bool_or(m."byMessage") AS "byMessage"
     FROM matched m JOIN "Bot" b ON b.id = m."botId" AND b."workspaceId" = $1
     WHERE m."byId" OR m."byVariable" OR m."byMessage"
     GROUP BY m."visitorId", m."botId", b.name
     ORDER BY max(m."updatedAt") DESC
     LIMIT ${MATCH_LIMIT}`,
    [input.workspaceId, query, containsPattern(query)],
  );
  return rows.map((row) => ({
    visitorId: row.visitorId,
    botId: row.botId,
    botName: row.botName,
    conversations: row.conversations,
    lastSeenAt: row.lastSeenAt,
    matchedBy: [...(row.byId ? ["visitorId" as const] : []), ...(row.byVariable ? ["variable" as const] : []), ...(row.byMessage ? ["message" as const] : [])],
  }));
}
