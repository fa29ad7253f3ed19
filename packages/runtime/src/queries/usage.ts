import type pg from "pg";
import type { LlmUsageRecord } from "../services/createBotServices";

/** One LLM call to store: who spent it, on what, the price, and when. */
export type LlmUsageRow = LlmUsageRecord & { at: Date };

/** A workspace's totals for one calendar month (UTC). */
export interface MonthlyUsage {
  month: string;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** "YYYY-MM" of a date in UTC: the usage counter's month. */
export function usageMonthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/**
 * Stores the call and adds it to the workspace's monthly counter in one
 * statement, so the two never disagree. Runs on the turn's own connection
 * when there is one (it commits with the reply it paid for).
 */
export async function recordLlmUsage(client: Pick<pg.Pool, "query">, usage: LlmUsageRow): Promise<void> {
  await client.query(
    `WITH stored AS (
       INSERT INTO "LlmUsage" ("workspaceId", "botId", "conversationId", model, "promptTokens", "completionTokens", "costUsd", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     )
     INSERT INTO "UsageCounter" ("workspaceId", month, "llmCalls", "promptTokens", "completionTokens", "costUsd", "updatedAt")
     VALUES ($1, $9, 1, $5, $6, coalesce($7, 0), $8)
     ON CONFLICT ("workspaceId", month) DO UPDATE SET
       "llmCalls" = "UsageCounter"."llmCalls" + 1,
       "promptTokens" = "UsageCounter"."promptTokens" + EXCLUDED."promptTokens",
       "completionTokens" = "UsageCounter"."completionTokens" + EXCLUDED."completionTokens",
       "costUsd" = "UsageCounter"."costUsd" + EXCLUDED."costUsd",
       "updatedAt" = EXCLUDED."updatedAt"`,
    [
      usage.workspaceId,
      usage.botId,
      usage.conversationId,
      usage.model,
      usage.promptTokens,
      usage.completionTokens,
      usage.costUsd,
      usage.at,
      usageMonthOf(usage.at),
    ],
  );
}

/** The workspace's counter for the month of `at` (zeros when nothing was spent). */
export async function readMonthlyUsage(client: Pick<pg.Pool, "query">, input: { workspaceId: string; at: Date }): Promise<MonthlyUsage> {
  const month = usageMonthOf(input.at);
  const { rows } = await client.query<MonthlyUsage>(
    `SELECT month, "llmCalls", "promptTokens", "completionTokens", "costUsd" FROM "UsageCounter" WHERE "workspaceId" = $1 AND month = $2`,
    [input.workspaceId, month],
  );
  return rows[0] ?? { month, llmCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
}
