import type { Edge, Node } from "@xyflow/react";
import { getNodeType, isNodeTypeName, NODE_ID_PATTERN, type FlowGraph, type NodeTypeName } from "@chatwright/flow";

/** Node data is plain JSON, exactly what the server validates: no callbacks, no view state. */
export type BuilderNodeData = Record<string, unknown>;
export type BuilderNode = Node<BuilderNodeData, NodeTypeName>;
export type BuilderEdge = Edge;

export interface BuilderGraph {
  nodes: BuilderNode[];
  edges: BuilderEdge[];
}

/** The output handles a node has now (an Intent node has one per chosen intent). Invalid data: none we can trust. */
export function outputHandlesOf(node: { type: NodeTypeName; data: unknown }): string[] {
  const definition = getNodeType(node.type);
  const parsed = definition.dataSchema.safeParse(node.data);
  if (parsed.success) return definition.outputs(parsed.data).map((output) => output.handle);
  // While the owner is mid-edit the data may not parse; keep the handles the draft shape implies.
  if (node.type === "intent" && isRecord(node.data) && Array.isArray(node.data["intents"])) {
    const intents = node.data["intents"].filter((name): name is string => typeof name === "string" && name.trim() !== "" && name !== "fallback");
    return [...new Set(intents), "fallback"];
  }
  return definition.outputs(definition.defaults).map((output) => output.handle);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A fresh id like `faq-3`, valid for the compiler (NODE_ID_PATTERN) and unused in `taken`. */
export function createNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 50) || "node";
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function createEdgeId(source: string, handle: string, target: string, taken: ReadonlySet<string>): string {
  const base = `${source}-${handle}-${target}`.slice(0, 180);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The JSON the server stores: React Flow's shape without view state (selection, sizes). */
export function toFlowGraph(graph: BuilderGraph): FlowGraph {
  return {
    schemaVersion: 1,
    nodes: graph.nodes.map((node) => ({ id: node.id, type: node.type, position: { x: Math.round(node.position.x), y: Math.round(node.position.y) }, data: node.data })),
    edges: graph.edges.map((edge) => ({ id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle ?? null, target: edge.target })),
  };
}

/**
 * Loads a stored graph into the canvas. Nodes of unknown types and edges
 * that point nowhere cannot be drawn; they are left out and counted so the
 * editor can say so.
 */
export function fromFlowGraph(raw: unknown): BuilderGraph & { droppedCount: number } {
  const nodesRaw = isRecord(raw) && Array.isArray(raw["nodes"]) ? raw["nodes"] : [];
  const edgesRaw = isRecord(raw) && Array.isArray(raw["edges"]) ? raw["edges"] : [];
  const nodes: BuilderNode[] = [];
  let droppedCount = 0;
  for (const item of nodesRaw) {
    const type = isRecord(item) ? item["type"] : undefined;
    const id = isRecord(item) ? item["id"] : undefined;
    const position = isRecord(item) && isRecord(item["position"]) ? item["position"] : undefined;
    if (typeof type !== "string" || !isNodeTypeName(type) || typeof id !== "string" || nodes.some((node) => node.id === id)) {
      droppedCount++;
      continue;
    }
    const x = typeof position?.["x"] === "number" ? position["x"] : 0;
    const y = typeof position?.["y"] === "number" ? position["y"] : 0;
    const data = isRecord(item) && isRecord(item["data"]) ? item["data"] : {};
    nodes.push({ id, type, position: { x, y }, data });
  }
  const nodeIds = new Set(nodes.map((node) => node.id));
  const edges: BuilderEdge[] = [];
  for (const item of edgesRaw) {
    if (!isRecord(item)) {
      droppedCount++;
      continue;
    }
    const { id, source, target, sourceHandle } = item;
    if (typeof id !== "string" || typeof source !== "string" || typeof target !== "string" || !nodeIds.has(source) || !nodeIds.has(target) || edges.some((edge) => edge.id === id)) {
      droppedCount++;
      continue;
    }
    edges.push({ id, source, target, sourceHandle: typeof sourceHandle === "string" ? sourceHandle : null });
  }
  return { nodes, edges, droppedCount };
}

/** Problems with the graph's shape the store must never create (tests assert none). */
export function findShapeProblems(graph: BuilderGraph): string[] {
  const problems: string[] = [];
  const nodeById = new Map<string, BuilderNode>();
  for (const node of graph.nodes) {
    if (!NODE_ID_PATTERN.test(node.id)) problems.push(`node id ${node.id} is not a valid id`);
    if (nodeById.has(node.id)) problems.push(`node id ${node.id} is used twice`);
    nodeById.set(node.id, node);
  }
  const edgeIds = new Set<string>();
  const usedHandles = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) problems.push(`edge id ${edge.id} is used twice`);
    edgeIds.add(edge.id);
    const source = nodeById.get(edge.source);
    if (!source) problems.push(`edge ${edge.id} starts at a missing node`);
    if (!nodeById.has(edge.target)) problems.push(`edge ${edge.id} ends at a missing node`);
    if (source && !outputHandlesOf(source).includes(edge.sourceHandle ?? "")) problems.push(`edge ${edge.id} leaves from a handle ${String(edge.sourceHandle)} that ${source.id} does not have`);
    const handleKey = `${edge.source}\u0000${edge.sourceHandle ?? ""}`;
    if (usedHandles.has(handleKey)) problems.push(`handle ${String(edge.sourceHandle)} of ${edge.source} has two edges`);
    usedHandles.add(handleKey);
  }
  return problems;
}
