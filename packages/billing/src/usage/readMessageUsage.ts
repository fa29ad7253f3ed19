import type pg from "pg";
import { z } from "zod";
import { usageMonthOf } from "./usageMonthOf";

export interface MessageUsage {
  month: string;
  visitorMessages: number;
}

const rowSchema = z.object({ visitorMessages: z.number().int() });

/** The workspace's visitor messages in the month of `at` (0 when none). */
export async function readMessageUsage(client: Pick<pg.Pool, "query">, input: { workspaceId: string; at: Date }): Promise<MessageUsage> {
  const month = usageMonthOf(input.at);
  const { rows } = await client.query(`SELECT "visitorMessages" FROM "UsageCounter" WHERE "workspaceId" = $1 AND month = $2`, [input.workspaceId, month]);
  const row = rows[0] === undefined ? null : rowSchema.parse(rows[0]);
  return { month, visitorMessages: row?.visitorMessages ?? 0 };
}
