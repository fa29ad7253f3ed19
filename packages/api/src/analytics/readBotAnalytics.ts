import type { Db, DbClients } from "@chatwright/db";
import { DomainError } from "../errors";
import { countTopIntents, type TopIntents } from "./countTopIntents";
import { summarizeActivity, type ActivityTotals, type DailyActivity } from "./summarizeActivity";
import { collectUnansweredQuestions, countNodeOutcomes, dayRange, indexGraphNodes, readTurnResults, type NodeIndex, type NodeOutcome } from "./summarizeAnalytics";
import { summarizeDropOffs, type DropOff } from "./summarizeDropOffs";
import { readRatingScore, summarizeRatings, type RatingsSummary } from "./summarizeRatings";

export const ANALYTICS_PERIODS = [7, 30, 90] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIODS)[number];

/** Turns read for the unanswered-questions list (and conversations read for drop-offs): plenty for a shop's bot over 90 days, bounded for a busy one. */
const MAX_MISSED_TURNS = 20_000;
/** A conversation in the bot's hands with nothing new for this long has stopped: the visitor left. */
export const QUIET_AFTER_MS = 30 * 60_000;

export type { DailyActivity, DropOff, RatingsSummary, TopIntents };

export interface BotAnalytics {
  /** ISO 8601: the start of the period's first UTC day */
  from: string;
  /** ISO 8601: now */
  to: string;
  days: AnalyticsPeriod;
  totals: ActivityTotals;
  daily: DailyActivity[];
  nodes: NodeOutcome[];
  unansweredQuestions: { text: string; count: number; lastAskedAt: string }[];
  topIntents: TopIntents;
  dropOffs: DropOff[];
  ratings: RatingsSummary;
}

type Pool = DbClients["pool"];

/**
 * A bot's conversations opened in the last `days` UTC days (today
 * included) and what happened in them, from what the runtime and the widget
 * already store: conversations, messages, each turn's `path` event (which
 * outputs its nodes took, and the message it answered), handoffs and the
 * visitors' `rating` events. Visitor messages per day count by the day they
 * were sent; everything else by the day its conversation was opened, so
 * the days add up to the totals.
 */
export async function readBotAnalytics(db: Db, pool: Pool, input: { workspaceId: string; botId: string; days: AnalyticsPeriod; now: Date }): Promise<BotAnalytics> {
  const bot = await db.bot.findFirst({ where: { id: input.botId, workspaceId: input.workspaceId }, select: { id: true } });
  if (!bot) throw new DomainError("NOT_FOUND", "This bot does not exist in this workspace.");
  const days = dayRange(input.now, input.days);
  const from = new Date(`${days[0]}T00:00:00.000Z`);
  const to = input.now;
  const scope = [input.workspaceId, input.botId, from, to];
  const inScope = `c."workspaceId" = $1::uuid AND c."botId" = $2::uuid AND c."createdAt" >= $3 AND c."createdAt" <= $4`;
  const openedDay = `to_char(c."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const isEngaged = `EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id" AND m."role" = 'VISITOR')`;
  const isHandedOff = `EXISTS (SELECT 1 FROM "ConversationEvent" h WHERE h."conversationId" = c."id" AND h."type" = 'handoff')`;

  // One query at a time: they share the pool with visitors' turns.
  const conversations = await pool.query<{ day: string; conversations: number; engaged: number; handedOff: number }>(
    `SELECT day, count(*)::int AS conversations, count(*) FILTER (WHERE engaged)::int AS engaged, count(*) FILTER (WHERE engaged AND "handedOff")::int AS "handedOff"
       FROM (SELECT ${openedDay} AS day, ${isEngaged} AS engaged, ${isHandedOff} AS "handedOff" FROM "Conversation" c WHERE ${inScope}) AS opened
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
  const outcomes = await pool.query<{ flowVersionId: string; nodeId: string; handle: string; count: number }>(
    `SELECT c."flowVersionId"::text AS "flowVersionId", r.value->>0 AS "nodeId", r.value->>1 AS handle, count(*)::int AS count
       FROM "Conversation" c JOIN "ConversationEvent" e ON e."conversationId" = c."id" AND e."type" = 'path'
       CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e."data"->'results') = 'array' THEN e."data"->'results' ELSE '[]'::jsonb END) r
      WHERE ${inScope} AND jsonb_typeof(r.value) = 'array' AND jsonb_typeof(r.value->0) = 'string' AND jsonb_typeof(r.value->1) = 'string'
      GROUP BY 1, 2, 3`,
    scope,
  );
  // Turns where some node missed; whether the turn as a whole went unanswered needs the node types (summarizeAnalytics).
  const missed = await pool.query<{ conversationId: string; day: string; isHandedOff: boolean; flowVersionId: string; results: unknown; text: string | null; at: Date }>(
    `SELECT c."id"::text AS "conversationId", ${openedDay} AS day, ${isHandedOff} AS "isHandedOff", c."flowVersionId"::text AS "flowVersionId",
            e."data"->'results' AS results, m."text" AS text, e."createdAt" AS at
       FROM "Conversation" c JOIN "ConversationEvent" e ON e."conversationId" = c."id" AND e."type" = 'path'
       LEFT JOIN "Message" m ON m."id"::text = e."data"->>'message' AND m."conversationId" = e."conversationId"
      WHERE ${inScope}
        AND jsonb_typeof(e."data"->'results') = 'array'
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(e."data"->'results') r WHERE r.value->>1 IN ('fallback', 'notFound'))
      ORDER BY e."createdAt" DESC
      LIMIT ${MAX_MISSED_TURNS}`,
    scope,
  );
  const rated = await pool.query<{ conversationId: string; day: string; rating: unknown; comment: unknown; at: Date }>(
    `SELECT DISTINCT ON (e."conversationId") e."conversationId"::text AS "conversationId", ${openedDay} AS day, e."data"->'rating' AS rating, e."data"->'comment' AS comment, e."createdAt" AS at
       FROM "Conversation" c JOIN "ConversationEvent" e ON e."conversationId" = c."id" AND e."type" = 'rating'
      WHERE ${inScope}
      ORDER BY e."conversationId", e."createdAt" DESC`,
    scope,
  );
  // Engaged conversations still in the bot's hands, never handed off or ended, quiet for a while: the visitor left there.
  const stopped = await pool.query<{ flowVersionId: string; nodeId: string; lastResults: unknown }>(
    `SELECT c."flowVersionId"::text AS "flowVersionId", c."activeNodeId" AS "nodeId",
            (SELECT p."data"->'results' FROM "ConversationEvent" p WHERE p."conversationId" = c."id" AND p."type" = 'path' ORDER BY p."createdAt" DESC LIMIT 1) AS "lastResults"
       FROM "Conversation" c
      WHERE ${inScope} AND c."status" = 'BOT' AND c."activeNodeId" IS NOT NULL AND c."updatedAt" <= $5 AND ${isEngaged}
        AND NOT EXISTS (SELECT 1 FROM "ConversationEvent" h WHERE h."conversationId" = c."id" AND h."type" IN ('handoff', 'ended'))
      LIMIT ${MAX_MISSED_TURNS}`,
    [...scope, new Date(to.getTime() - QUIET_AFTER_MS)],
  );
  const reached = await pool.query<{ flowVersionId: string; nodeId: string; count: number }>(
    `SELECT c."flowVersionId"::text AS "flowVersionId", n.node AS "nodeId", count(DISTINCT c."id")::int AS count
       FROM "Conversation" c JOIN "ConversationEvent" e ON e."conversationId" = c."id" AND e."type" = 'path'
       CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(e."data"->'entered') = 'array' THEN e."data"->'entered' ELSE '[]'::jsonb END) AS n(node)
      WHERE ${inScope} AND ${isEngaged}
      GROUP BY 1, 2`,
    scope,
  );

  const versionIds = [...new Set([...outcomes.rows, ...missed.rows, ...stopped.rows].map((r) => r.flowVersionId))];
  const versions = versionIds.length === 0 ? [] : await db.flowVersion.findMany({ where: { id: { in: versionIds }, workspaceId: input.workspaceId }, select: { id: true, graph: true } });
  const graphs = new Map<string, NodeIndex>(versions.map((v) => [v.id, indexGraphNodes(v.graph)]));

  const turns = missed.rows.map((row) => ({ ...row, results: readTurnResults(row.results) }));
  const unanswered = collectUnansweredQuestions(turns, graphs);
  const unansweredConversations = new Map<string, { day: string; isHandedOff: boolean }>();
  for (const turn of turns) if (unanswered.conversationIds.has(turn.conversationId)) unansweredConversations.set(turn.conversationId, { day: turn.day, isHandedOff: turn.isHandedOff });
  const ratings = rated.rows.flatMap((row) => {
    const rating = readRatingScore(row.rating);
    return rating === null ? [] : [{ day: row.day, rating }];
  });
  const { totals, daily } = summarizeActivity({
    days,
    conversations: conversations.rows,
    messages: messages.rows,
    unansweredConversations: [...unansweredConversations.values()],
    unansweredTurns: unanswered.total,
    ratings,
  });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    days: input.days,
    totals,
    daily,
    nodes: countNodeOutcomes(outcomes.rows, graphs),
    unansweredQuestions: unanswered.top.map((question) => ({ ...question, lastAskedAt: question.lastAskedAt.toISOString() })),
    topIntents: countTopIntents(outcomes.rows, graphs),
    dropOffs: summarizeDropOffs({
      stopped: stopped.rows.map((row) => ({ flowVersionId: row.flowVersionId, nodeId: row.nodeId, lastResults: readTurnResults(row.lastResults) })),
      reached: reached.rows,
      graphs,
    }),
    ratings: summarizeRatings(rated.rows),
  };
}
