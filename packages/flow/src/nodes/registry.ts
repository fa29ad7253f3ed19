import { askNode } from "./ask/index.ts";
import { conditionNode } from "./condition/index.ts";
import type { NodeTypeDefinition } from "./defineNodeType.ts";
import { endNode } from "./end/index.ts";
import { faqNode } from "./faq/index.ts";
import { handoffNode } from "./handoff/index.ts";
import { httpNode } from "./http/index.ts";
import { intentNode } from "./intent/index.ts";
import { listenNode } from "./listen/index.ts";
import { llmNode } from "./llm/index.ts";
import { messageNode } from "./message/index.ts";
import { setNode } from "./set/index.ts";
import { startNode } from "./start/index.ts";

/** Every node type, one line each. Adding a type means a folder and a line here. */
export const nodeTypes = {
  start: startNode,
  message: messageNode,
  ask: askNode,
  listen: listenNode,
  intent: intentNode,
  faq: faqNode,
  llm: llmNode,
  condition: conditionNode,
  set: setNode,
  http: httpNode,
  handoff: handoffNode,
  end: endNode,
} as const;

export type NodeTypeName = keyof typeof nodeTypes;
export const NODE_TYPE_NAMES: readonly NodeTypeName[] = [
  "start",
  "message",
  "ask",
  "listen",
  "intent",
  "faq",
  "llm",
  "condition",
  "set",
  "http",
  "handoff",
  "end",
];

type DataOf<T> = T extends NodeTypeDefinition<string, infer TData> ? TData : never;
export type NodeDataByType = { [K in NodeTypeName]: DataOf<(typeof nodeTypes)[K]> };

/** A node whose data has been checked against its type's schema. */
export type TypedFlowNode = {
  [K in NodeTypeName]: { id: string; type: K; position: { x: number; y: number }; data: NodeDataByType[K] };
}[NodeTypeName];

export function isNodeTypeName(type: string): type is NodeTypeName {
  return Object.hasOwn(nodeTypes, type);
}

/** The definition for a node type, loosely typed for generic graph walks. */
export function getNodeType(type: NodeTypeName): NodeTypeDefinition {
  return nodeTypes[type];
}
