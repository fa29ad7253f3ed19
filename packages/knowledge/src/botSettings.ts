import { z } from "zod";
import { KnowledgeError } from "./errors.ts";
import { defaultRetrievalThreshold } from "./retrieve.ts";
import type { KnowledgeQueryable } from "./sql.ts";

/** A bot's knowledge settings as the product uses them, defaults filled in. */
export type BotSettings = {
  /** Retrieval confidence below which the knowledge base is taken not to hold the answer; a floor for every faq node of the bot. */
  retrievalThreshold: number;
};

// Bot.settings is JSON anyone with SQL access could have written: a bad field
// falls back to its default instead of breaking the bot.
const storedSettingsSchema = z.looseObject({
  retrievalThreshold: z.number().min(0).max(1).optional().catch(undefined),
});

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

function settingsOf(stored: unknown): BotSettings {
  const parsed = storedSettingsSchema.safeParse(stored);
  const settings = parsed.success ? parsed.data : {};
  return { retrievalThreshold: settings.retrievalThreshold ?? defaultRetrievalThreshold };
}

/** The bot's settings; NOT_FOUND when the bot is not in the workspace. */
export async function readBotSettings(pool: KnowledgeQueryable, scope: { workspaceId: string; botId: string }): Promise<BotSettings> {
  if (!isUuid(scope.workspaceId) || !isUuid(scope.botId)) throw new KnowledgeError("NOT_FOUND", "The bot was not found in this workspace.");
  const result = await pool.query<{ settings: unknown }>(`SELECT "settings" FROM "Bot" WHERE "id" = $1 AND "workspaceId" = $2`, [scope.botId, scope.workspaceId]);
  const row = result.rows[0];
  if (row === undefined) throw new KnowledgeError("NOT_FOUND", "The bot was not found in this workspace.");
  return settingsOf(row.settings);
}

/** Changes some settings; other keys of the stored JSON are kept (merged in SQL, so concurrent updates of different keys both land). */
export async function updateBotSettings(
  pool: KnowledgeQueryable,
  scope: { workspaceId: string; botId: string },
  changes: Partial<BotSettings>,
): Promise<BotSettings> {
  if (!isUuid(scope.workspaceId) || !isUuid(scope.botId)) throw new KnowledgeError("NOT_FOUND", "The bot was not found in this workspace.");
  const threshold = changes.retrievalThreshold;
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold >= 0 && threshold <= 1)) {
    throw new KnowledgeError("BAD_REQUEST", "The confidence threshold must be a number from 0 to 1.");
  }
  const patch = threshold === undefined ? {} : { retrievalThreshold: threshold };
  const result = await pool.query<{ settings: unknown }>(
    `UPDATE "Bot" SET "settings" = "settings" || $3::jsonb, "updatedAt" = now() WHERE "id" = $1 AND "workspaceId" = $2 RETURNING "settings"`,
    [scope.botId, scope.workspaceId, JSON.stringify(patch)],
  );
  const row = result.rows[0];
  if (row === undefined) throw new KnowledgeError("NOT_FOUND", "The bot was not found in this workspace.");
  return settingsOf(row.settings);
}
