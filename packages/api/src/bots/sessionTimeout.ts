import type pg from "pg";
import { z } from "zod";
import type { Db } from "@chatwright/db";
import { notFound } from "../errors";

/** How long a visitor may be away before their next visit starts a new conversation (on the newest published version). */
export const DEFAULT_SESSION_TIMEOUT_MINUTES = 30;
/** A week: past that a returning visitor is someone new in all but the browser. */
export const MAX_SESSION_TIMEOUT_MINUTES = 7 * 24 * 60;

const SESSION_TIMEOUT_KEY = "sessionTimeoutMinutes";

// Bot.settings is JSON anyone with SQL access could have written: anything but a whole number of minutes in range means the default.
const storedSessionTimeoutSchema = z.looseObject({
  [SESSION_TIMEOUT_KEY]: z.int().min(1).max(MAX_SESSION_TIMEOUT_MINUTES).optional().catch(undefined),
});

/** The session timeout in a bot's stored settings, the default when unset or malformed. */
export function sessionTimeoutOf(settings: unknown): number {
  const parsed = storedSessionTimeoutSchema.safeParse(settings);
  return (parsed.success ? parsed.data[SESSION_TIMEOUT_KEY] : undefined) ?? DEFAULT_SESSION_TIMEOUT_MINUTES;
}

export async function readSessionTimeout(db: Db, scope: { workspaceId: string; botId: string }): Promise<number> {
  const bot = await db.bot.findFirst({ where: { id: scope.botId, workspaceId: scope.workspaceId }, select: { settings: true } });
  if (!bot) throw notFound("Bot");
  return sessionTimeoutOf(bot.settings);
}

/**
 * Sets the bot's session timeout. Stored in Bot.settings next to the other
 * bot settings and merged in SQL, so a concurrent change of another setting
 * is not lost.
 */
export async function setSessionTimeout(pool: pg.Pool, input: { workspaceId: string; botId: string; userId: string; minutes: number }): Promise<number> {
  const result = await pool.query<{ settings: unknown }>(
    `UPDATE "Bot" SET settings = settings || jsonb_build_object('${SESSION_TIMEOUT_KEY}', $3::int), "updatedAt" = now() WHERE id = $1 AND "workspaceId" = $2 RETURNING settings`,
    [input.botId, input.workspaceId, input.minutes],
  );
  const row = result.rows[0];
  if (!row) throw notFound("Bot");
  await pool.query(
    `INSERT INTO "AuditLog" (id, "workspaceId", "userId", action, "targetType", "targetId", metadata) VALUES (gen_random_uuid(), $1, $2, 'bot.sessionTimeoutSet', 'Bot', $3, $4::jsonb)`,
    [input.workspaceId, input.userId, input.botId, JSON.stringify({ sessionTimeoutMinutes: input.minutes })],
  );
  return sessionTimeoutOf(row.settings);
}
