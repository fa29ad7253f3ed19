import type { Db, DbClients } from "@chatwright/db";
import { DomainError } from "../errors";
import { collectUnansweredQuestions, countNodeOutcomes, dayRange, indexGraphNodes, type NodeIndex, type NodeOutcome, type TurnResults, type UnansweredQuestion } from "./summarizeAnalytics";

export const ANALYTICS_PERIODS = [7, 30, 90] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIODS)[number];

/** Turns read for the unanswered-questions list: plenty for a shop's bot over 90 days, bounded for a busy one. */
const MAX_MISSED_TURNS = 20_000;

export interface DailyActivity {
  /** YYYY-MM-DD (UTC) */
  day: string;
  conversations: number;
  visitorMessages: number;
  handoffs: number;
}

export interface BotAnalytics {
  from: Date;
  to: Date;
  days: AnalyticsPeriod;
  totals: {
    /** conversations opened (the widget greeted someone) */
    conversations: number;
    /** conversations in which the visitor wrote at least once */
    engagedConversations: number;
    visitorMessages: number;
    /** of those, the ones handed over to a person at least once */
    handedOff: number;
    /** engaged conversations the bot handled without a person (0..1); null with none */
    automationRate: number | null;
    /** visitor messages the bot could not answer (intent fallback / nothing in the knowledge base) */
    unanswered: number;
  };
  /** per day: conversations opened, visitor messages, conversations handed over that day */
  daily: DailyActivity[];
  nodes: NodeOutcome[];
  unansweredQuestions: UnansweredQuestion[];
}

type Pool = DbClients["pool"];

/**
 * A bot's activity over the last `days` UTC days (today included), from
 * what the runtime already stores: conversations, messages, and each turn's
 * `path` event (which outputs its nodes took, and the message it answered).
 */
export async function readBotAnalytics(db: Db, pool: Pool, input: { workspaceId: string; botId: string; days: AnalyticsPeriod; now: Date }): Promise<BotAnalytics> {
  const bot = await db.bot.findFirst({ where: { id: input.botId, workspaceId: input.workspaceId }, select: { id: true } });
  if (!bot) throw new DomainError("NOT_FOUND", "This bot does not exist in this workspace.");
  const days = dayRange(input.now, input.days);
  const from = new Date(`${days[0]}T00:00:00.000Z`);
  const to = input.now;
  const scope = [input.workspaceId, input.botId, from, to];

  // One query at a time: they share the pool with visitors' turns.
  const conversations = await pool.query<{ day: string; conversations: number; engaged: number; handedOff: number }>(
    `SELECT day, count(*)::int AS conversations, count(*) FILTER (WHERE engaged)::int AS engaged, count(*) FILTER (WHERE engaged AND "handedOff")::int AS "handedOff"
       FROM (SELECT to_char(c."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                    EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id" AND m."role" = 'VISITOR') AS engaged,
                    EXISTS (SELECT 1 FROM "ConversationEvent" e WHERE e."conversationId" = c."id" AND e."type" = 'handoff') AS "handedOff"
               FROM "Conversation" c
              WHERE c."workspaceId" = $1::uuid AND c."botId" = $2::uuid AND c."createdAt" >= $3 AND c."createdAt" <= $4) AS opened
      GROUP BY day`,
    scope,
  );
  const messages = await pool.query<{ day: string; count: number }>(
    `SELECT to_char(m."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS count
       FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
      WHERE m."workspaceId" = $1::uuid AND c."botId" = $2::uuid AND m."role" = 'VISITOR' AND m."createdAt" >= $3 AND m."createdAt" <= $4
      GROUP BY 1`,
    scope,
  );
  const handoffs = await pool.query<{ day: string; count: number }>(
    `SELECT to_char(e."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(DISTINCT e."conversationId")::int AS count
       FROM "ConversationEvent" e JOIN "Conversation" c ON c."id" = e."conversationId"
      WHERE e."workspaceId" = $1::uuid AND c."botId" = $2::uuid AND e."type" = 'handoff' AND e."createdAt" >= $3 AND e."createdAt" <= $4
      GROUP BY 1`,
    scope,
  );
  const outcomes = await pool.query<{ flowVersionId: string; nodeId: string; handle: string; count: number }>(
    `SELECT c."flowVersionId"::text AS "flowVersionId", r.value->>0 AS "nodeId", r.value->>1 AS handle, count(*)::int AS count
       FROM "ConversationEvent" e JOIN "Conversation" c ON c."id" = e."conversationId"
       CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e."data"->'results') = 'array' THEN e."data"->'results' ELSE '[]'::jsonb END) r
      WHERE e."workspaceId" = $1::uuid AND c."botId" = $2::uuid AND e."type" = 'path' AND e."createdAt" >= $3 AND e."createdAt" <= $4
        AND jsonb_typeof(r.value) = 'array'
      GROUP BY 1, 2, 3`,
    scope,
  );
  // Turns where some node missed; whether the turn as a whole went unanswered needs the node types (summarizeAnalytics).
  const missed = await pool.query<{ flowVersionId: string; results: [string, string][]; text: string | null; at: Date }>(
    `SELECT c."flowVersionId"::text AS "flowVersionId", e."data"->'results' AS results, m."text" AS text, e."createdAt" AS at
       FROM "ConversationEvent" e JOIN "Conversation" c ON c."id" = e."conversationId"
       LEFT JOIN "Message" m ON m."id"::text = e."data"->>'message' AND m."conversationId" = e."conversationId"
      WHERE e."workspaceId" = $1::uuid AND c."botId" = $2::uuid AND e."type" = 'path' AND e."createdAt" >= $3 AND e."createdAt" <= $4
        AND jsonb_typeof(e."data"->'results') = 'array'
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(e."data"->'results') r WHERE r.value->>1 IN ('fallback', 'notFound'))
      ORDER BY e."createdAt" DESC
      LIMIT ${MAX_MISSED_TURNS}`,
    scope,
  );

  const versionIds = [...new Set([...outcomes.rows.map((r) => r.flowVersionId), ...missed.rows.map((r) => r.flowVersionId)])];
  const versions = versionIds.length === 0 ? [] : await db.flowVersion.findMany({ where: { id: { in: versionIds }, workspaceId: input.workspaceId }, select: { id: true, graph: true } });
  const graphs = new Map<string, NodeIndex>(versions.map((v) => [v.id, indexGraphNodes(v.graph)]));

  const byDay = new Map<string, DailyActivity>(days.map((day) => [day, { day, conversations: 0, visitorMessages: 0, handoffs: 0 }]));
  let conversationCount = 0;
  let engaged = 0;
  let handedOff = 0;
  for (const row of conversations.rows) {
    conversationCount += row.conversations;
    engaged += row.engaged;
    handedOff += row.handedOff;
    const entry = byDay.get(row.day);
    if (entry) entry.conversations = row.conversations;
  }
  let visitorMessages = 0;
  for (const row of messages.rows) {
    visitorMessages += row.count;
    const entry = byDay.get(row.day);
    if (entry) entry.visitorMessages = row.count;
  }
  for (const row of handoffs.rows) {
    const entry = byDay.get(row.day);
    if (entry) entry.handoffs = row.count;
  }
  const turns: TurnResults[] = missed.rows.map((row) => ({ flowVersionId: row.flowVersionId, results: row.results, text: row.text, at: row.at }));
  const unanswered = collectUnansweredQuestions(turns, graphs);
  return {
    from,
    to,
    days: input.days,
    totals: {
      conversations: conversationCount,
      engagedConversations: engaged,
      visitorMessages,
      handedOff,
      automationRate: engaged === 0 ? null : (engaged - handedOff) / engaged,
      unanswered: unanswered.total,
    },
    daily: [...byDay.values()],
    nodes: countNodeOutcomes(outcomes.rows, graphs),
    unansweredQuestions: unanswered.top,
  };
}
