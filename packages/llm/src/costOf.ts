import { EMBEDDING_MODELS, findModel } from "./models.ts";

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** True when the provider sent no usage and the counts are estimated from the text length. */
  isEstimated?: boolean;
}

/**
 * What `usage` cost in US dollars at the registry's list prices (chat or
 * embeddings models), or null for a model whose price we do not know (an
 * Enterprise custom model id, an unlisted embeddings model).
 */
export function costOf(modelId: string, usage: Pick<TokenUsage, "promptTokens" | "completionTokens">): number | null {
  const price = (findModel(modelId) ?? EMBEDDING_MODELS.find((model) => model.id === modelId))?.pricePerMillionTokens;
  if (!price) return null;
  const dollars = (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
  // Twelve decimals: exact enough to sum millions of messages, free of float noise like 1.4999999999e-7.
  return Math.round(dollars * 1e12) / 1e12;
}

/** Roughly four characters per token, for servers that report no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
