import { z } from "zod";
import { CONDITION_OPERATORS } from "../../evaluateCondition.ts";
import { variableNameSchema } from "../../variables.ts";
import { defineNodeType, nodeLabelSchema, noWrites } from "../defineNodeType.ts";

const VALUELESS_OPERATORS: ReadonlySet<string> = new Set(["exists", "notExists"]);

export const conditionRuleSchema = z
  .object({
    variable: variableNameSchema,
    operator: z.enum(CONDITION_OPERATORS),
    value: z.string().max(1000).optional(),
  })
  .refine((rule) => VALUELESS_OPERATORS.has(rule.operator) || rule.value !== undefined, {
    path: ["value"],
    message: "this comparison needs a value",
  });

export const conditionDataSchema = z.object({
  label: nodeLabelSchema,
  combinator: z.enum(["all", "any"]),
  rules: z.array(conditionRuleSchema).min(1, "add at least one rule").max(20),
});
export type ConditionData = z.infer<typeof conditionDataSchema>;

export const conditionDefaults = {
  combinator: "all",
  rules: [{ variable: "last_message", operator: "contains", value: "refund" }],
} as const satisfies ConditionData;

export const conditionNode = defineNodeType({
  type: "condition",
  title: "Condition",
  kind: "quick",
  dataSchema: conditionDataSchema,
  defaults: conditionDefaults,
  outputs: () => [
    { handle: "true", isRequired: true },
    { handle: "false", isRequired: true },
  ],
  writes: noWrites,
  templates: (data) => data.rules.flatMap((rule) => (rule.value !== undefined && rule.operator !== "matches" ? [rule.value] : [])),
  // exists / notExists are how an owner checks an optional variable, so they do not count as reads.
  reads: (data) => data.rules.filter((rule) => !VALUELESS_OPERATORS.has(rule.operator)).map((rule) => rule.variable),
});
