import type pg from "pg";
import type { LlmUsageRecord } from "../services/createBotServices";
import { usageMonthOf } from "@chatwright/billing/usage";

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


/**
 * Stores the call: a chat call counts in the month's AI replies, an
 * embedding call in its embedding counts, both in the cost. One INSERT of a
 * row of its own, so a turn that records usage on its own connection (it
 * commits with the reply it paid for) locks nothing another conversation
 * needs; the month's totals are summed from these rows (readMonthlyUsage).
 */
export async function recordLlmUsage(client: Pick<pg.Pool, "query">, usage: LlmUsageRow): Promise<void> {
  await client.query(
    `INSERT INTO "LlmUsage" ("workspaceId", "botId", "conversationId", kind, model, "promptTokens", "completionTokens", "costUsd", "createdAt")
     VALUES ($1, $2, $3, $4::"LlmUsageKind", $5, $6, $7, $8, $9)`,
    [usage.workspaceId, usage.botId, usage.conversationId, usage.kind ?? "chat", usage.model, usage.promptTokens, usage.completionTokens, usage.costUsd, usage.at],
  );
}

/** The start of the UTC month of `at` and of the next one. */
function monthBounds(at: Date): [Date, Date] {
  return [new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)), new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))];
}

/** The workspace's totals for the month of `at`, summed from its calls (zeros when nothing was spent). */
export async function readMonthlyUsage(client: Pick<pg.Pool, "query">, input: { workspaceId: string; at: Date }): Promise<MonthlyUsage> {
  const month = usageMonthOf(input.at);
  const [from, to] = monthBounds(input.at);
  const { rows } = await client.query<Omit<MonthlyUsage, "month">>(
    `SELECT count(*) FILTER (WHERE kind = 'chat')::float8 AS "llmCalls",
            coalesce(sum("promptTokens") FILTER (WHERE kind = 'chat'), 0)::float8 AS "promptTokens",
            coalesce(sum("completionTokens") FILTER (WHERE kind = 'chat'), 0)::float8 AS "completionTokens",
            count(*) FILTER (WHERE kind = 'embedding')::float8 AS "embeddingCalls",
            coalesce(sum("promptTokens") FILTER (WHERE kind = 'embedding'), 0)::float8 AS "embeddingTokens",
            coalesce(sum("costUsd"), 0)::float8 AS "costUsd"
     FROM "LlmUsage" WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3`,
    [input.workspaceId, from, to],
  );
  const row = rows[0];
  return { month, llmCalls: row?.llmCalls ?? 0, promptTokens: row?.promptTokens ?? 0, completionTokens: row?.completionTokens ?? 0, embeddingCalls: row?.embeddingCalls ?? 0, embeddingTokens: row?.embeddingTokens ?? 0, costUsd: row?.costUsd ?? 0 };
}
