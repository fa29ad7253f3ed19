import { z } from "zod";
import { defineNodeType, nodeLabelSchema, noReads, noWrites } from "../defineNodeType.ts";

export const startDataSchema = z.object({
  label: nodeLabelSchema,
  greeting: z.string().max(4000).optional(),
});
export type StartData = z.infer<typeof startDataSchema>;

export const startDefaults = { greeting: "Hi! How can I help you today?" } as const satisfies StartData;

export const startNode = defineNodeType({
  type: "start",
  title: "Start",
  kind: "quick",
  dataSchema: startDataSchema,
  defaults: startDefaults,
  outputs: () => [{ handle: "next", isRequired: true }],
  writes: noWrites,
  templates: (data) => (data.greeting ? [data.greeting] : []),
  reads: noReads,
});
