import { getNodeType, isNodeTypeName, NODE_TYPE_NAMES, nodeTypes, type NodeTypeName } from "../nodes/registry.ts";

/** A small seeded PRNG (mulberry32) so failures reproduce from the seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

const INTENTS = ["order_status", "refund", "shipping"];

/** Valid data for each type, with some variety. */
function dataFor(type: NodeTypeName, random: () => number): unknown {
  switch (type) {
    case "intent":
      return { intents: random() < 0.5 ? ["order_status", "refund"] : [pick(random, INTENTS)], threshold: 0.3 };
    case "ask":
      return { ...nodeTypes.ask.defaults, maxRetries: random() < 0.5 ? 1 : undefined };
    case "message":
      return { text: pick(random, ["Hi {{ visitor_name }}", "Value: {{ v1 }}", "Plain text", "\\{{ literal }}"]) };
    case "set":
      return { assignments: [{ variable: pick(random, ["v1", "v2"]), value: "{{ last_message }}" }] };
    case "condition":
      return { combinator: pick(random, ["all", "any"] as const), rules: [{ variable: pick(random, ["v1", "last_message"]), operator: pick(random, ["equals", "contains", "matches", "exists", "gt"] as const), value: pick(random, ["1", "([", "yes"]) }] };
    default:
      return nodeTypes[type].defaults;
  }
}

/** Garbage data, to exercise the schema errors. */
function brokenData(random: () => number): unknown {
  return pick(random, [null, 42, "text", [], { question: 7 }, { intents: [] }, { text: "" }, { assignments: "x" }]);
}

export interface RandomGraphOptions {
  /** 0..1: chance of each kind of damage (bad data, dangling edges, unknown handles, ...). */
  damage: number;
}

/**
 * A random graph in the canvas's shape. With damage 0 every node's data is
 * valid and each output has at most one edge, but the structure (reachability,
 * loops, required outputs) is left to chance.
 */
export function generateRandomGraph(random: () => number, { damage }: RandomGraphOptions): unknown {
  const size = 2 + Math.floor(random() * 14);
  const nodes: { id: string; type: string; position: { x: number; y: number }; data: unknown }[] = [];
  for (let i = 0; i < size; i++) {
    const type: NodeTypeName = i === 0 ? "start" : pick(random, NODE_TYPE_NAMES);
    const brokenType = random() < damage * 0.1;
    nodes.push({
      id: random() < damage * 0.05 ? `bad.id.${i}` : `n${i}`,
      type: brokenType ? "mystery" : type,
      position: { x: i * 100, y: 0 },
      data: random() < damage * 0.2 ? brokenData(random) : dataFor(type, random),
    });
  }
  if (random() < damage * 0.2) nodes.push({ id: "n0", type: "end", position: { x: 0, y: 0 }, data: { askRating: false } });

  const edges: { id: string; source: string; sourceHandle: string | null; target: string }[] = [];
  let edgeId = 0;
  for (const node of nodes) {
    if (!isNodeTypeName(node.type)) continue;
    const definition = getNodeType(node.type);
    const parsed = definition.dataSchema.safeParse(node.data);
    const outputs = parsed.success ? definition.outputs(parsed.data) : [{ handle: "next" }];
    for (const { handle } of outputs) {
      if (random() < 0.15) continue; // leave unconnected
      const target = random() < damage * 0.1 ? "ghost" : pick(random, nodes).id;
      edges.push({ id: `e${edgeId++}`, source: node.id, sourceHandle: random() < damage * 0.1 ? "nonsense" : handle, target });
      if (random() < damage * 0.1) edges.push({ id: `e${edgeId++}`, source: node.id, sourceHandle: handle, target: pick(random, nodes).id });
    }
  }
  const graph: Record<string, unknown> = { schemaVersion: 1, nodes, edges };
  if (random() < damage * 0.05) return pick(random, [null, "flow", { nodes }, { ...graph, schemaVersion: 9 }, { ...graph, edges: [{ id: 1 }] }]);
  return graph;
}
