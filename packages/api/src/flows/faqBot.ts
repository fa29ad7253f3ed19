import type { FlowGraph } from "@chatwright/flow";
import type { Db } from "@chatwright/db";
import { assertBotInWorkspace, publishFlow, type FlowVersionSummary } from "./flows";

export const FAQ_BOT_FLOW_NAME = "FAQ bot";
export const FAQ_BOT_NOT_FOUND_MESSAGE = "I don't know that yet… Could you ask it another way, or contact us by email?";
export const FAQ_BOT_DEFAULT_GREETING = "Hi! Ask me anything about our shop.";

/** The fixed flow of Free and Starter plans: greet, then answer every question from the knowledge base. */
export function buildFaqBotGraph(greeting: string): FlowGraph {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting } },
      { id: "listen", type: "listen", position: { x: 0, y: 150 }, data: {} },
      { id: "faq", type: "faq", position: { x: 0, y: 300 }, data: { topK: 3, answerMode: "direct", threshold: 0.3 } },
      { id: "not-found", type: "message", position: { x: 300, y: 450 }, data: { text: FAQ_BOT_NOT_FOUND_MESSAGE } },
    ],
    edges: [
      { id: "start-listen", source: "start", sourceHandle: "next", target: "listen" },
      { id: "listen-faq", source: "listen", sourceHandle: "next", target: "faq" },
      { id: "faq-answered", source: "faq", sourceHandle: "answered", target: "listen" },
      { id: "faq-notFound", source: "faq", sourceHandle: "notFound", target: "not-found" },
      { id: "not-found-listen", source: "not-found", sourceHandle: "next", target: "listen" },
    ],
  };
}

/**
 * Creates (or updates) the bot's "FAQ bot" flow with the given greeting,
 * publishes it and makes it the one the widget runs. Allowed on every plan:
 * the graph is fixed (it fits Free's steps, so it is checked as Free), only
 * the greeting is the owner's.
 */
export async function setupFaqBot(
  db: Db,
  input: { workspaceId: string; botId: string; userId: string | null; greeting: string; note?: string },
): Promise<{ flowId: string; version: FlowVersionSummary }> {
  await assertBotInWorkspace(db, input);
  const graph = buildFaqBotGraph(input.greeting.trim() || FAQ_BOT_DEFAULT_GREETING);
  const existing = await db.flow.findFirst({ where: { workspaceId: input.workspaceId, botId: input.botId, name: FAQ_BOT_FLOW_NAME }, select: { id: true } });
  const flowId = existing
    ? (await db.flow.update({ where: { id: existing.id }, data: { graph: graph as object, draftRevision: { increment: 1 } }, select: { id: true } })).id
    : (await db.flow.create({ data: { workspaceId: input.workspaceId, botId: input.botId, name: FAQ_BOT_FLOW_NAME, graph: graph as object }, select: { id: true } })).id;
  const version = await publishFlow(db, { workspaceId: input.workspaceId, flowId, userId: input.userId, plan: "FREE", note: input.note ?? "FAQ bot setup" });
  await db.bot.update({ where: { id: input.botId }, data: { activeFlowId: flowId } });
  return { flowId, version };
}
