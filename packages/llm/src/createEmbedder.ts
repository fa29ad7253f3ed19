import type { LlmProvider } from "./createLlmProvider.ts";

export interface EmbedderOptions {
  llm: Pick<LlmProvider, "embed">;
  /** EMBEDDINGS_MODEL, e.g. `openai/text-embedding-3-small`: chunks and queries must use the same one. */
  model: string;
}

/** What one /embeddings call spent, for the workspace's usage. */
export interface EmbeddingUsage {
  model: string;
  promptTokens: number;
  /** US dollars at list price; null for a model without a known price. */
  costUsd: number | null;
}

/** Texts to vectors through the provider's /embeddings (the knowledge package's `Embedder`). */
export interface LlmEmbedder {
  model: string;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<{ vectors: number[][]; usage: EmbeddingUsage }>;
}

/** Binds the provider's `embed` to one embeddings model, in the shape knowledge ingestion and retrieval take. */
export function createEmbedder(options: EmbedderOptions): LlmEmbedder {
  const { llm, model } = options;
  return {
    model,
    embed: async (texts, call) => {
      const result = await llm.embed({ model, input: texts, ...(call?.signal ? { signal: call.signal } : {}) });
      return { vectors: result.vectors, usage: { model: result.model, promptTokens: result.usage.promptTokens, costUsd: result.costUsd } };
    },
  };
}
