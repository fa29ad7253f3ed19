import type { MigratedTestDatabase } from "@chatwright/db/testing";
import { compileFlow, type FlowGraph } from "@chatwright/flow";

/** Listens, answers each visitor message with one LLM call, listens again. */
const aiReplyGraphWith = (model: string) => ({
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    { id: "listen", type: "listen", position: { x: 0, y: 120 }, data: {} },
    { id: "ai", type: "llm", position: { x: 0, y: 240 }, data: { prompt: "{{ last_message }}", systemPrompt: "Be brief.", model, temperature: 0, maxTokens: 80, useKnowledge: false } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "listen" },
    { id: "e2", source: "listen", sourceHandle: "next", target: "ai" },
    { id: "e3", source: "ai", sourceHandle: "next", target: "listen" },
  ],
}) as FlowGraph;

/** A bot "Helper" in the workspace with a published version of that AI-reply flow (default model: GPT-4o mini), written straight to the database. */
export async function publishAiReplyBot(
  prisma: MigratedTestDatabase["prisma"],
  { workspaceId, model = "openai/gpt-4o-mini" }: { workspaceId: string; model?: string },
): Promise<{ botId: string; flowVersionId: string }> {
  const aiReplyGraph = aiReplyGraphWith(model);
  const bot = await prisma.bot.create({ data: { workspaceId, name: "Helper", publicKey: `pk_${workspaceId}` } });
  const compiled = compileFlow(aiReplyGraph);
  if (!compiled.ok) throw new Error("the test graph must compile");
  const flow = await prisma.flow.create({ data: { workspaceId, botId: bot.id, name: "Main", graph: aiReplyGraph as object } });
  const version = await prisma.flowVersion.create({ data: { workspaceId, flowId: flow.id, number: 1, graph: aiReplyGraph as object, machine: compiled.machine as object } });
  return { botId: bot.id, flowVersionId: version.id };
}
