import type pg from "pg";
import { z } from "zod";
import type { Db } from "@chatwright/db";
import { notFound } from "../errors";

/** A year and then some is the longest a shop can ask for; unset keeps conversations until deleted. */
export const MAX_RETENTION_DAYS = 3650;

const RETENTION_KEY = "retentionDays";

// Bot.settings is JSON anyone with SQL access could have written: anything but a whole number of days in range means "keep".
const storedRetentionSchema = z.looseObject({ [RETENTION_KEY]: z.int().min(1).max(MAX_RETENTION_DAYS).optional().catch(undefined) });

function retentionOf(settings: unknown): number | null {
  const parsed = storedRetentionSchema.safeParse(settings);
  return parsed.success ? (parsed.data[RETENTION_KEY] ?? null) : null;
}

/** The bot's retention in days (conversations idle longer are deleted), or null to keep them. */
export async function readRetentionDays(db: Db, scope: { workspaceId: string; botId: string }): Promise<number | null> {
  const bot = await db.bot.findFirst({ where: { id: scope.botId, workspaceId: scope.workspaceId }, select: { settings: true } });
  if (!bot) throw notFound("Bot");
  return retentionOf(bot.settings);
}

/**
 * Sets or clears the bot's retention. Stored in Bot.settings next to the
 * knowledge settings and merged in SQL, so a concurrent change of another
 * setting is not lost.
 */
export async function setRetentionDays(
  pool: pg.Pool,
  input: { workspaceId: string; botId: string; userId: string; days: number | null },
): Promise<number | null> {
  const result = await pool.query<{ settings: unknown }>(
    input.days === null
      ? `UPDATE "Bot" SET settings = settings - '${RETENTION_KEY}', "updatedAt" = now() WHERE id = $1 AND "workspaceId" = $2 RETURNING settings`
      : `UPDATE "Bot" SET settings = settings || jsonb_build_object('${RETENTION_KEY}', $3::int), "updatedAt" = now() WHERE id = $1 AND "workspaceId" = $2 RETURNING settings`,
    input.days === null ? [input.botId, input.workspaceId] : [input.botId, input.workspaceId, input.days],
  );
  const row = result.rows[0];
  if (!row) throw notFound("Bot");
  await pool.query(
    `INSERT INTO "AuditLog" (id, "workspaceId", "userId", action, "targetType", "targetId", metadata) VALUES (gen_random_uuid(), $1, $2, 'privacy.retention_set', 'Bot', $3, $4::jsonb)`,
    [input.workspaceId, input.userId, input.botId, JSON.stringify({ retentionDays: input.days })],
  );
  return retentionOf(row.settings);
}

export interface RetentionRun {
  /** False when another server process was already purging. */
  hasRun: boolean;
  bots: number;
  conversations: number;
}

// Any constant works; several server processes take turns on it.
const RETENTION_LOCK_KEY = 7_301_944_221;

/**
 * Deletes every conversation whose last activity (`updatedAt`: each turn,
 * agent reply or status change moves it) is older than its bot's retention,
 * with its messages, notes and events (cascade); LLM usage rows stay for
 * billing, unlinked. One audit row per bot that lost conversations. One
 * process at a time (a transaction-scoped advisory lock): the others skip.
 */
export async function purgeExpiredConversations(pool: pg.Pool, input: { now: Date }): Promise<RetentionRun> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const lock = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RETENTION_LOCK_KEY]);
    if (!lock.rows[0]?.locked) {
      await client.query("ROLLBACK");
      return { hasRun: false, bots: 0, conversations: 0 };
    }
    const bots = await client.query<{ id: string; workspaceId: string; settings: unknown }>(
      `SELECT id, "workspaceId", settings FROM "Bot" WHERE settings ? '${RETENTION_KEY}'`,
    );
    let conversations = 0;
    let botCount = 0;
    for (const bot of bots.rows) {
      const days = retentionOf(bot.settings);
      if (days === null) continue;
      botCount += 1;
      const cutoff = new Date(input.now.getTime() - days * 24 * 60 * 60 * 1000);
      const deleted = await client.query<{ n: number }>(
        `WITH gone AS (DELETE FROM "Conversation" WHERE "botId" = $1 AND "workspaceId" = $2 AND "updatedAt" < $3 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [bot.id, bot.workspaceId, cutoff],
      );
      const count = deleted.rows[0]?.n ?? 0;
      if (count === 0) continue;
      conversations += count;
      await client.query(
        `INSERT INTO "AuditLog" (id, "workspaceId", action, "targetType", "targetId", metadata) VALUES (gen_random_uuid(), $1, 'privacy.retention_purged', 'Bot', $2, $3::jsonb)`,
        [bot.workspaceId, bot.id, JSON.stringify({ conversations: count, retentionDays: days, olderThan: cutoff.toISOString() })],
      );
    }
    await client.query("COMMIT");
    return { hasRun: true, bots: botCount, conversations };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
