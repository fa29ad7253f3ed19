import { z } from "zod";
import { defineNodeType, nodeLabelSchema, noReads } from "../defineNodeType.ts";

export const DEFAULT_FAQ_THRESHOLD = 0.3;

export const faqDataSchema = z.object({
  label: nodeLabelSchema,
  threshold: z.number().min(0).max(1).optional(),
  topK: z.number().int().min(1).max(10),
  /** direct: reply with the best stored answer; llm: let the AI write a reply from the best passages. */
  answerMode: z.enum(["direct", "llm"]),
  /** Model for answerMode "llm"; unset means the bot's default model. */
  model: z.string().trim().min(1).max(200).optional(),
});
export type FaqData = z.infer<typeof faqDataSchema>;

export const faqDefaults = { topK: 3, answerMode: "direct", threshold: DEFAULT_FAQ_THRESHOLD } as const satisfies FaqData;

export const faqNode = defineNodeType({
  type: "faq",
  title: "Answer from knowledge base",
  kind: "work",
  dataSchema: faqDataSchema,
  defaults: faqDefaults,
  outputs: () => [
    { handle: "answered", isRequired: true },
    { handle: "notFound", isRequired: true },
  ],
  writes: (_data, handle) => (handle === "answered" ? ["answer"] : []),
  templates: () => [],
  reads: noReads,
});
