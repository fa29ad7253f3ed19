import { z } from "zod";
import { defineNodeType, nodeLabelSchema, noReads } from "../defineNodeType.ts";

export const DEFAULT_INTENT_THRESHOLD = 0.5;

export const intentDataSchema = z.object({
  label: nodeLabelSchema,
  /** Intent names (the bot's Intent records); each becomes an output named exactly so. */
  intents: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(100)
        .refine((name) => name !== "fallback", "“fallback” is reserved for messages that match no intent"),
    )
    .min(1, "choose at least one intent")
    .max(50)
    .refine((names) => new Set(names).size === names.length, "each intent can be chosen only once"),
  threshold: z.number().min(0).max(1).optional(),
});
export type IntentData = z.infer<typeof intentDataSchema>;

export const intentDefaults = { intents: ["order_status"], threshold: DEFAULT_INTENT_THRESHOLD } as const satisfies IntentData;

export const intentNode = defineNodeType({
  type: "intent",
  title: "Recognise intent",
  kind: "work",
  dataSchema: intentDataSchema,
  defaults: intentDefaults,
  outputs: (data) => [
    ...data.intents.map((intent) => ({ handle: intent, isRequired: false })),
    { handle: "fallback", isRequired: true },
  ],
  writes: () => ["intent", "intent_confidence"],
  templates: () => [],
  reads: noReads,
});
