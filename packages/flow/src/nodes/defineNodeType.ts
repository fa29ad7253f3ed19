import { z } from "zod";

/**
 * How a node behaves inside the compiled machine:
 * - quick: runs instantly and moves on (transient state, `always`)
 * - work: calls a service (`invoke`), then follows an output
 * - waiting: stops the turn until the visitor (or an agent) acts
 * - final: ends the conversation (may wait once for a rating)
 */
export type NodeKind = "quick" | "work" | "waiting" | "final";

export interface NodeOutput {
  handle: string;
  /** Unconnected required outputs are errors; optional ones are warnings. */
  isRequired: boolean;
  /** For optional outputs: whether leaving it unconnected deserves a warning (default true). */
  isWorthConnecting?: boolean;
  /** A waiting node may leave through this output in the same turn, without waiting (e.g. handoff's `offline`). */
  isTakenWithoutWaiting?: boolean;
}

// Methods (not function properties) on purpose: parameter bivariance lets every
// definition be used as a NodeTypeDefinition<string, unknown> in generic graph walks.
export interface NodeTypeDefinition<TType extends string = string, TData = unknown> {
  type: TType;
  /** Shown to shop owners in the palette and in validation messages. */
  title: string;
  kind: NodeKind;
  dataSchema: z.ZodType<TData>;
  defaults: NoInfer<TData>;
  outputs(data: TData): NodeOutput[];
  /** Variables set when the node leaves through `handle`. */
  writes(data: TData, handle: string): string[];
  /** Template strings the node renders with `{{ }}`. */
  templates(data: TData): string[];
  /** Variables read directly (not through templates). */
  reads(data: TData): string[];
}

export function defineNodeType<TType extends string, TData>(
  definition: NodeTypeDefinition<TType, TData>,
): NodeTypeDefinition<TType, TData> {
  return definition;
}

/** Every node may carry a label the owner typed on the canvas card. */
export const nodeLabelSchema = z.string().max(200).optional();

export const noWrites = (): string[] => [];
export const noReads = (): string[] => [];
