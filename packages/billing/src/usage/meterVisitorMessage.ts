import type pg from "pg";
import { z } from "zod";
import { isOverMessageQuota } from "../isOverMessageQuota";
import { usageMonthOf } from "./usageMonthOf";

const meteredRowSchema = z.object({
  visitorMessages: z.number().int(),
  plan: z.enum(["FREE", "STARTER", "PRO", "ENTERPRISE"]),
});

export interface MeteredVisitorMessage {
  /** This message's number in the workspace's month (1 for the first). */
  count: number;
  plan: z.infer<typeof meteredRowSchema>["plan"];
  isOverQuota: boolean;
}

/**
 * Counts one accepted visitor message in the workspace's month and says
 * whether it is past the plan's quota, in one statement (an UPSERT that
 * returns the new count, joined with the workspace's plan), so concurrent
 * messages never read the same count. Call it inside the transaction that
 * stores the message: a retried message (same clientMessageId) is found
 * before this runs, and a rolled-back turn takes its count back with it.
 */
export async function meterVisitorMessage(client: Pick<pg.ClientBase, "query">, input: { workspaceId: string; at: Date }): Promise<MeteredVisitorMessage> {
  const { rows } = await client.query(
    `WITH counted AS (
       INSERT INTO "UsageCounter" ("workspaceId", month, "visitorMessages", "updatedAt")
       VALUES ($1, $2, 1, $3)
       ON CONFLICT ("workspaceId", month) DO UPDATE SET
         "visitorMessages" = "UsageCounter"."visitorMessages" + 1,
         "updatedAt" = EXCLUDED."updatedAt"
       RETURNING "workspaceId", "visitorMessages"
     )
     SELECT counted."visitorMessages", w.plan::text AS plan FROM counted JOIN "Workspace" w ON w.id = counted."workspaceId"`,
    [input.workspaceId, usageMonthOf(input.at), input.at],
  );
  const row = meteredRowSchema.parse(rows[0]);
  return { count: row.visitorMessages, plan: row.plan, isOverQuota: isOverMessageQuota(row.plan, row.visitorMessages) };
}
