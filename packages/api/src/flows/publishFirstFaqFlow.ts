import { compileFlow } from "@chatwright/flow";
import type { Db, Plan } from "@chatwright/db";
import { notFound } from "../errors";
import { canUseFlowBuilder } from "./entitlements";
import { buildFaqBotGraph, FAQ_BOT_DEFAULT_GREETING, FAQ_BOT_FLOW_NAME } from "./faqBot";
import { FIRST_FAQ_FLOW_NOTE, type FlowVersionSummary } from "./flows";

/**
 * Makes a bot that is not live answer from its knowledge at once: publishes
 * the fixed FAQ flow and makes it the one the widget runs. Called when
 * answers are added. On Free and Starter (the FAQ flow is the only one they
 * can publish) whenever no flow is live; on plans with the flow builder only
 * for a bot with no flow at all, so a flow the owner is drawing is never
 * pushed aside. Returns the version published, or null when nothing was.
 */
export async function publishFirstFaqFlow(db: Db, input: { workspaceId: string; botId: string; userId: string; plan: Plan }): Promise<FlowVersionSummary | null> {
  const graph = buildFaqBotGraph(FAQ_BOT_DEFAULT_GREETING);
  const compiled = compileFlow(graph, { intents: [] });
  if (!compiled.ok) throw new Error(`The FAQ flow does not compile: ${compiled.errors.map((e) => e.message).join(" ")}`);
  const published = await db.$transaction(async (tx) => {
    // The bot's row lock orders two first answers saved at once: the second finds the bot live.
    const locked = await tx.$queryRaw<{ activeFlowId: string | null }[]>`
      SELECT "activeFlowId" FROM "Bot" WHERE id = ${input.botId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid FOR UPDATE`;
    const bot = locked[0];
    if (!bot) throw notFound("Bot");
    if (bot.activeFlowId !== null) return null;
    const flows = await tx.flow.findMany({ where: { botId: input.botId, workspaceId: input.workspaceId }, select: { id: true, name: true } });
    if (canUseFlowBuilder(input.plan) && flows.length > 0) return null;
    const existing = flows.find((flow) => flow.name === FAQ_BOT_FLOW_NAME);
    const flowId = existing
      ? (await tx.flow.update({ where: { id: existing.id }, data: { graph: graph as object, draftRevision: { increment: 1 } }, select: { id: true } })).id
      : (await tx.flow.create({ data: { workspaceId: input.workspaceId, botId: input.botId, name: FAQ_BOT_FLOW_NAME, graph: graph as object }, select: { id: true } })).id;
    await tx.$queryRaw`SELECT id FROM "Flow" WHERE id = ${flowId}::uuid FOR UPDATE`;
    const last = await tx.flowVersion.findFirst({ where: { flowId }, orderBy: { number: "desc" }, select: { number: true } });
    const version = await tx.flowVersion.create({
      data: {
        workspaceId: input.workspaceId,
        flowId,
        number: (last?.number ?? 0) + 1,
        graph: graph as object,
        machine: compiled.machine as object,
        note: FIRST_FAQ_FLOW_NOTE,
        createdById: input.userId,
      },
    });
    await tx.bot.update({ where: { id: input.botId }, data: { activeFlowId: flowId } });
    await tx.auditLog.create({
      data: { workspaceId: input.workspaceId, userId: input.userId, action: "flow.published", targetType: "Flow", targetId: flowId, metadata: { number: version.number, automatic: true } },
    });
    return version;
  });
  if (!published) return null;
  const author = await db.user.findUnique({ where: { id: input.userId }, select: { name: true } });
  return { id: published.id, botId: input.botId, number: published.number, note: published.note, createdAt: published.createdAt, createdByName: author?.name ?? null };
}
