import type pg from "pg";
import type { LlmUsageRecord } from "../services/createBotServices";

/** One LLM call to store: who spent it, on what, the price, and when. */
export type LlmUsageRow = LlmUsageRecord & { at: Date };

/** A workspace's totals for one calendar month (UTC). */
export interface MonthlyUsage {
  month: string;
  /** AI replies and intent choices (chat calls) and their tokens. */
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** /embeddings calls (imports, re-embedding, questions searched by meaning) and the tokens they embedded. */
  embeddingCalls: number;
  embeddingTokens: number;
  /** Both kinds together, at list price. */
  costUsd: number;
}

/** "YYYY-MM" of a date in UTC: the usage counter's month. */
export function usageMonthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/**
 * Stores the call and adds it to the workspace's monthly counter in one
 * statement, so the two never disagree: a chat call to the AI replies'
 * counts, an embedding call to the embedding counts, both to the cost. Runs
 * on the turn's own connection when there is one (it commits with the reply
 * it paid for).
 */
export async function recordLlmUsage(client: Pick<pg.Pool, "query">, usage: LlmUsageRow): Promise<void> {
  const kind = usage.kind ?? "chat";
  const isEmbedding = kind === "embedding";
  await client.query(
    `WITH stored AS (
       INSERT INTO "LlmUsage" ("workspaceId", "botId", "conversationId", kind, model, "promptTokens", "completionTokens", "costUsd", "createdAt")
       VALUES ($1, $2, $3, $10::"LlmUsageKind", $4, $5, $6, $7, $8)
     )
     INSERT INTO "UsageCounter" ("workspaceId", month, "llmCalls", "promptTokens", "completionTokens", "embeddingCalls", "embeddingTokens", "costUsd", "updatedAt")
     VALUES ($1, $9, $11, $12, $13, $14, $15, coalesce($7, 0), $8)
     ON CONFLICT ("workspaceId", month) DO UPDATE SET
       "llmCalls" = "UsageCounter"."llmCalls" + EXCLUDED."llmCalls",
       "promptTokens" = "UsageCounter"."promptTokens" + EXCLUDED."promptTokens",
       "completionTokens" = "UsageCounter"."completionTokens" + EXCLUDED."completionTokens",
       "embeddingCalls" = "UsageCounter"."embeddingCalls" + EXCLUDED."embeddingCalls",
       "embeddingTokens" = "UsageCounter"."embeddingTokens" + EXCLUDED."embeddingTokens",
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
      kind,
      isEmbedding ? 0 : 1,
      isEmbedding ? 0 : usage.promptTokens,
      isEmbedding ? 0 : usage.completionTokens,
      isEmbedding ? 1 : 0,
      isEmbedding ? usage.promptTokens : 0,
    ],
  );
}

/** The workspace's counter for the month of `at` (zeros when nothing was spent). */
export async function readMonthlyUsage(client: Pick<pg.Pool, "query">, input: { workspaceId: string; at: Date }): Promise<MonthlyUsage> {
  const month = usageMonthOf(input.at);
  const { rows } = await client.query<MonthlyUsage>(
    `SELECT month, "llmCalls", "promptTokens", "completionTokens", "embeddingCalls", "embeddingTokens", "costUsd" FROM "UsageCounter" WHERE "workspaceId" = $1 AND month = $2`,
    [input.workspaceId, month],
  );
  return rows[0] ?? { month, llmCalls: 0, promptTokens: 0, completionTokens: 0, embeddingCalls: 0, embeddingTokens: 0, costUsd: 0 };
}
