import { z } from "zod";
import { variableNameSchema } from "../../variables.ts";
import { defineNodeType, nodeLabelSchema, noReads } from "../defineNodeType.ts";

export const listenDataSchema = z.object({
  label: nodeLabelSchema,
  /** Also stores the message here; `last_message` is always set. */
  variable: variableNameSchema.optional(),
});
export type ListenData = z.infer<typeof listenDataSchema>;

export const listenDefaults = {} as const satisfies ListenData;

export const listenNode = defineNodeType({
  type: "listen",
  title: "Wait for a message",
  kind: "waiting",
  dataSchema: listenDataSchema,
  defaults: listenDefaults,
  outputs: () => [{ handle: "next", isRequired: true }],
  writes: (data) => (data.variable ? [data.variable] : []),
  templates: () => [],
  reads: noReads,
});
