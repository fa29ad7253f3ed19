import { z } from "zod";

/**
 * Node ids become XState state keys and `#flow.<id>` targets, so they are
 * limited to characters that are safe there. Ids starting with "__" are
 * reserved for the compiler's own states.
 */
export const NODE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** React Flow's node shape, as the canvas saves it. `data` is checked per node type. */
export const flowNodeSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(50),
  position: z.object({ x: z.number(), y: z.number() }),
  data: z.unknown(),
});

/** React Flow's edge shape. A missing handle means the node's only output. */
export const flowEdgeSchema = z.object({
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(200),
  sourceHandle: z.string().max(200).nullish(),
  target: z.string().min(1).max(200),
  targetHandle: z.string().max(200).nullish(),
});

export const flowGraphSchema = z.object({
  schemaVersion: z.literal(1),
  nodes: z.array(flowNodeSchema).max(2000),
  edges: z.array(flowEdgeSchema).max(10_000),
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowGraph = z.infer<typeof flowGraphSchema>;
