import { compileFlow, type FlowGraph } from "@chatwright/flow";
import type { Db } from "@chatwright/db";

type NodeSpec = { id: string; type: string; data?: Record<string, unknown> };

/** A graph from nodes and `source:handle->target` edges, laid out in a column. */
export function buildGraph(nodes: NodeSpec[], edges: string[]): FlowGraph {
  return {
    schemaVersion: 1,
    nodes: nodes.map((node, index) => ({ id: node.id, type: node.type, position: { x: 0, y: index * 120 }, data: node.data ?? {} })),
    edges: edges.map((spec) => {
      const match = /^([\w-]+):([\w-]+)->([\w-]+)$/.exec(spec);
      if (!match) throw new Error(`bad edge spec ${spec}`);
      const [, source = "", sourceHandle = "", target = ""] = match;
      return { id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target };
    }),
  } as FlowGraph;
}

export async function createWorkspaceWithBot(db: Db, name = "Shop"): Promise<{ workspaceId: string; botId: string }> {
  const workspace = await db.workspace.create({ data: { name } });
  const bot = await db.bot.create({ data: { workspaceId: workspace.id, name: `${name} bot`, publicKey: `pk_${workspace.id}` } });
  return { workspaceId: workspace.id, botId: bot.id };
}

/** Compiles and stores a graph as the next version of the bot's flow; returns the version id. */
export async function publishGraph(db: Db, options: { workspaceId: string; botId: string; graph: FlowGraph; intents?: string[] }): Promise<string> {
  const compiled = compileFlow(options.graph, options.intents ? { intents: options.intents } : {});
  if (!compiled.ok) throw new Error(`graph does not compile: ${compiled.errors.map((e) => e.message).join("; ")}`);
  let flow = await db.flow.findFirst({ where: { botId: options.botId } });
  flow ??= await db.flow.create({ data: { workspaceId: options.workspaceId, botId: options.botId, name: "Main", graph: options.graph as object } });
  const last = await db.flowVersion.findFirst({ where: { flowId: flow.id }, orderBy: { number: "desc" } });
  const version = await db.flowVersion.create({
    data: { workspaceId: options.workspaceId, flowId: flow.id, number: (last?.number ?? 0) + 1, graph: options.graph as object, machine: compiled.machine as object },
  });
  return version.id;
}
