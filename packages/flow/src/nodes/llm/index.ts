import { z } from "zod";
import { variableNameSchema } from "../../variables.ts";
import { defineNodeType, nodeLabelSchema, noReads } from "../defineNodeType.ts";

export const llmDataSchema = z.object({
  label: nodeLabelSchema,
  prompt: z.string().trim().min(1, "write the prompt").max(8000),
  systemPrompt: z.string().max(8000),
  model: z.string().trim().min(1, "choose a model").max(200),
  temperature: z.number().min(0).max(2),
  maxTokens: z.number().int().min(1).max(4096),
  /** Retrieve passages for the visitor's latest message and give them to the model. */
  useKnowledge: z.boolean(),
  saveAs: variableNameSchema.optional(),
});
export type LlmData = z.infer<typeof llmDataSchema>;

export const llmDefaults = {
  prompt: "{{ last_message }}",
  systemPrompt: "You are a friendly customer-service assistant for an online shop. Answer briefly.",
  model: "mistralai/mistral-small-3.1-24b-instruct",
  temperature: 0.3,
  maxTokens: 400,
  useKnowledge: true,
} as const satisfies LlmData;

export const llmNode = defineNodeType({
  type: "llm",
  title: "AI reply",
  kind: "work",
  dataSchema: llmDataSchema,
  defaults: llmDefaults,
  outputs: () => [
    { handle: "next", isRequired: true },
    { handle: "error", isRequired: false },
  ],
  writes: (data, handle) => (handle === "next" ? ["answer", ...(data.saveAs ? [data.saveAs] : [])] : []),
  templates: (data) => [data.prompt, data.systemPrompt],
  reads: noReads,
});
