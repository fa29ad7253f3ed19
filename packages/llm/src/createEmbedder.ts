import type { LlmProvider } from "./createLlmProvider.ts";

export interface EmbedderOptions {
  llm: Pick<LlmProvider, "embed">;
  /** EMBEDDINGS_MODEL, e.g. `openai/text-embedding-3-small`: chunks and queries must use the same one. */
  model: string;
}

/** Texts to vectors through the provider's /embeddings (the knowledge package's `Embedder`). */
export interface LlmEmbedder {
  model: string;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

/** Binds the provider's `embed` to one embeddings model, in the shape knowledge ingestion and retrieval take. */
export function createEmbedder(options: EmbedderOptions): LlmEmbedder {
  const { llm, model } = options;
  return {
    model,
    embed: async (texts, call) => (await llm.embed({ model, input: texts, ...(call?.signal ? { signal: call.signal } : {}) })).vectors,
  };
}
