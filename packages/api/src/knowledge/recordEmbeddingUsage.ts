import type { EmbeddingUsage, KnowledgeQueryable } from "@chatwright/knowledge";
import { recordLlmUsage } from "@chatwright/runtime";
import type { ApiServices } from "../context";

/**
 * Stores one /embeddings call (an import's batch, a re-embedding, a test
 * search's question) as the workspace's usage, kind "embedding". Never
 * throws: a failed record is logged, and the import or search goes on.
 */
export async function recordEmbeddingUsage(
  services: { pool: KnowledgeQueryable } & Pick<ApiServices, "now" | "onBackgroundError">,
  scope: { workspaceId: string; botId: string },
  usage: EmbeddingUsage,
): Promise<void> {
  try {
    await recordLlmUsage(services.pool, {
      ...scope,
      conversationId: null,
      kind: "embedding",
      model: usage.model,
      promptTokens: usage.promptTokens,
      completionTokens: 0,
      costUsd: usage.costUsd,
      at: services.now(),
    });
  } catch (error) {
    services.onBackgroundError?.(error, "recordUsage");
  }
}
