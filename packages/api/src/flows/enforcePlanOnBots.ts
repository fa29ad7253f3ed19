import type { Db, Plan } from "@chatwright/db";
import { entitlementsOf } from "@chatwright/billing";
import { FAQ_BOT_DEFAULT_GREETING, FAQ_BOT_FLOW_NAME, setupFaqBot } from "./faqBot";
import { findPlanIssues } from "./findPlanIssues";

/** The audit action the Flow page reads to tell the owner why their flow stopped running. */
export const PLAN_FALLBACK_ACTION = "bot.plan_fallback";

export interface PlanFallback {
  botId: string;
  /** The flow that no longer fits the plan (still there, unpublished changes kept). */
  fromFlowId: string;
  fromFlowName: string;
  /** The FAQ bot flow the widget runs now. */
  toFlowId: string;
  reasons: string[];
}

function greetingOf(graph: unknown): string {
  if (typeof graph !== "object" || graph === null || !("nodes" in graph) || !Array.isArray(graph.nodes)) return FAQ_BOT_DEFAULT_GREETING;
  for (const node of graph.nodes as unknown[]) {
    if (typeof node !== "object" || node === null || !("type" in node) || node.type !== "start" || !("data" in node)) continue;
    const data = node.data;
    if (typeof data === "object" && data !== null && "greeting" in data && typeof data.greeting === "string" && data.greeting.trim() !== "") return data.greeting;
  }
  return FAQ_BOT_DEFAULT_GREETING;
}

/**
 * After a plan change (a Stripe event, the admin CLI): every bot whose active
 * flow's newest version has steps the new plan cannot run (an AI reply or
 * http step on Starter, an Enterprise model on Pro...) switches to the FAQ
 * bot flow — greeting kept, answers from the knowledge base, which every plan
 * runs — and an audit entry records why, which the Flow page shows. The
 * owner's flow is kept as it was: after an upgrade (or a fix) they make it
 * active again. Conversations already under way finish on their version, and
 * the runtime's plan check (apps/server/src/services.ts) refuses their AI
 * models and http calls that the plan no longer has. Idempotent.
 */
export async function enforcePlanOnBots(db: Db, input: { workspaceId: string; plan: Plan }): Promise<PlanFallback[]> {
  const bots = await db.bot.findMany({
    where: { workspaceId: input.workspaceId, activeFlowId: { not: null } },
    select: { id: true, activeFlow: { select: { id: true, name: true, versions: { select: { graph: true }, orderBy: { number: "desc" }, take: 1 } } } },
  });
  const fallbacks: PlanFallback[] = [];
  for (const bot of bots) {
    const flow = bot.activeFlow;
    const latest = flow?.versions[0];
    if (!flow || !latest) continue;
    const issues = findPlanIssues(latest.graph, input.plan);
    if (issues.length === 0) continue;
    const planName = entitlementsOf(input.plan).name;
    const faq = await setupFaqBot(db, {
      workspaceId: input.workspaceId,
      botId: bot.id,
      userId: null,
      greeting: greetingOf(latest.graph),
      note: `${planName} plan: “${flow.name}” no longer fits`,
    });
    const fallback: PlanFallback = { botId: bot.id, fromFlowId: flow.id, fromFlowName: flow.name, toFlowId: faq.flowId, reasons: issues.map((issue) => issue.message) };
    await db.auditLog.create({
      data: {
        workspaceId: input.workspaceId,
        action: PLAN_FALLBACK_ACTION,
        targetType: "Bot",
        targetId: bot.id,
        metadata: { plan: input.plan, fromFlowId: flow.id, fromFlowName: flow.name, toFlowId: faq.flowId, toFlowName: FAQ_BOT_FLOW_NAME, reasons: fallback.reasons.slice(0, 10) },
      },
    });
    fallbacks.push(fallback);
  }
  return fallbacks;
}
