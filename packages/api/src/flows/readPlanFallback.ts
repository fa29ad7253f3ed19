import type { Db } from "@chatwright/db";
import { z } from "zod";
import { PLAN_FALLBACK_ACTION } from "./enforcePlanOnBots";

const metadataSchema = z.object({ plan: z.string(), fromFlowId: z.string(), fromFlowName: z.string(), toFlowId: z.string(), reasons: z.array(z.string()) });

export interface PlanFallbackNotice {
  plan: string;
  fromFlowId: string;
  fromFlowName: string;
  reasons: string[];
  at: Date;
}

/** Why the bot runs the FAQ bot flow after a downgrade; null once the owner made another flow active. */
export async function readPlanFallback(db: Db, scope: { workspaceId: string; botId: string }): Promise<PlanFallbackNotice | null> {
  const [bot, entry] = await Promise.all([
    db.bot.findFirst({ where: { id: scope.botId, workspaceId: scope.workspaceId }, select: { activeFlowId: true } }),
    db.auditLog.findFirst({ where: { workspaceId: scope.workspaceId, action: PLAN_FALLBACK_ACTION, targetId: scope.botId }, orderBy: { createdAt: "desc" } }),
  ]);
  const metadata = metadataSchema.safeParse(entry?.metadata);
  if (!bot || !entry || !metadata.success || bot.activeFlowId !== metadata.data.toFlowId) return null;
  return { plan: metadata.data.plan, fromFlowId: metadata.data.fromFlowId, fromFlowName: metadata.data.fromFlowName, reasons: metadata.data.reasons, at: entry.createdAt };
}
