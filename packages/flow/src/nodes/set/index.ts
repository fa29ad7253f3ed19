import { z } from "zod";
import { variableNameSchema } from "../../variables.ts";
import { defineNodeType, nodeLabelSchema, noReads } from "../defineNodeType.ts";

export const setDataSchema = z.object({
  label: nodeLabelSchema,
  assignments: z
    .array(z.object({ variable: variableNameSchema, value: z.string().max(4000) }))
    .min(1, "add at least one variable to set")
    .max(50),
});
export type SetData = z.infer<typeof setDataSchema>;

export const setDefaults = { assignments: [{ variable: "topic", value: "{{ intent }}" }] } as const satisfies SetData;

export const setNode = defineNodeType({
  type: "set",
  title: "Set variables",
  kind: "quick",
  dataSchema: setDataSchema,
  defaults: setDefaults,
  outputs: () => [{ handle: "next", isRequired: true }],
  writes: (data) => data.assignments.map((assignment) => assignment.variable),
  templates: (data) => data.assignments.map((assignment) => assignment.value),
  reads: noReads,
});
