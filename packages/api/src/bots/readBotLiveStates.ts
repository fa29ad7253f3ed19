import type { Db } from "@chatwright/db";

/** Whether visitors can chat with a bot, and whether its live flow has changes not published yet. */
export interface BotLiveState {
  /** The version of the active flow new conversations run; null: not live (no published flow is active). */
  liveVersion: number | null;
  /** The active flow's draft differs from its newest version (edited, or rolled back to an older one). */
  hasDraftChanges: boolean;
}

const NOT_LIVE: BotLiveState = { liveVersion: null, hasDraftChanges: false };

/** The live state of the workspace's bots (or of the given ones), by bot id; one query however many bots. */
export async function readBotLiveStates(db: Db, scope: { workspaceId: string; botIds?: readonly string[] }): Promise<Map<string, BotLiveState>> {
  const botIds = scope.botIds ? [...scope.botIds] : null;
  // jsonb equality ignores key order and whitespace: only a real change of the draft counts.
  const rows = await db.$queryRaw<{ botId: string; liveVersion: number | null; hasDraftChanges: boolean | null }[]>`
    SELECT b.id AS "botId", v.number AS "liveVersion", (f.graph <> v.graph) AS "hasDraftChanges"
    FROM "Bot" b
    LEFT JOIN "Flow" f ON f.id = b."activeFlowId"
    LEFT JOIN LATERAL (SELECT number, graph FROM "FlowVersion" WHERE "flowId" = f.id ORDER BY number DESC LIMIT 1) v ON true
    WHERE b."workspaceId" = ${scope.workspaceId}::uuid AND (${botIds}::uuid[] IS NULL OR b.id = ANY(${botIds}::uuid[]))`;
  return new Map(rows.map((row) => [row.botId, row.liveVersion === null ? NOT_LIVE : { liveVersion: row.liveVersion, hasDraftChanges: row.hasDraftChanges === true }]));
}

export function liveStateOf(states: ReadonlyMap<string, BotLiveState>, botId: string): BotLiveState {
  return states.get(botId) ?? NOT_LIVE;
}
