import { z } from "zod";
import { compilePattern } from "../../evaluateCondition.ts";
import { ANSWER_VALIDATIONS } from "../../validateAnswer.ts";
import { variableNameSchema } from "../../variables.ts";
import { defineNodeType, nodeLabelSchema, noReads } from "../defineNodeType.ts";

export const askDataSchema = z
  .object({
    label: nodeLabelSchema,
    question: z.string().trim().min(1, "write the question").max(4000),
    validation: z.enum(ANSWER_VALIDATIONS),
    pattern: z.string().max(500).optional(),
    variable: variableNameSchema,
    retryMessage: z.string().trim().min(1, "write what to say when the answer is not valid").max(4000),
    /** Re-asks allowed before leaving through `invalid` (when connected). Unset: re-ask forever. */
    maxRetries: z.number().int().min(0).max(10).optional(),
  })
  .superRefine((data, ctx) => {
    if (data.validation !== "regex") return;
    if (!data.pattern) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "a pattern is needed when answers are checked with a pattern" });
    } else if (!compilePattern(data.pattern)) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "the pattern is not a valid regular expression" });
    }
  });
export type AskData = z.infer<typeof askDataSchema>;

export const askDefaults = {
  question: "What is your email address?",
  validation: "email",
  variable: "email",
  retryMessage: "That doesn't look like an email address. Could you check it and try again?",
  maxRetries: 2,
} as const satisfies AskData;

export const askNode = defineNodeType({
  type: "ask",
  title: "Ask a question",
  kind: "waiting",
  dataSchema: askDataSchema,
  defaults: askDefaults,
  outputs: (data) => [
    { handle: "next", isRequired: true },
    // Without maxRetries the question is asked until the answer is valid, so `invalid` is never taken.
    { handle: "invalid", isRequired: false, isWorthConnecting: data.maxRetries !== undefined },
  ],
  writes: (data, handle) => (handle === "next" ? [data.variable] : []),
  templates: (data) => [data.question, data.retryMessage],
  reads: noReads,
});
