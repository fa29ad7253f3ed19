import { listBotsNeedingEmbeddings, type KnowledgePool } from "@chatwright/knowledge";
import type { ApiServices } from "../context";
import { embedBotChunks } from "./embedBotChunks";

export interface CatchUpChunkEmbeddingsOptions {
  /** Stops between bots (the server is shutting down). */
  signal?: AbortSignal;
  /** Bots failing in a row before the run gives up: the provider is down, and every bot would only fail again. Default 3. */
  maxConsecutiveFailures?: number;
}

export interface CatchUpSummary {
  /** Bots that had chunks without a vector of the current model. */
  bots: number;
  /** Chunks given one now. */
  embedded: number;
  failedBots: number;
  /** True when the run stopped early (failures in a row, the signal, or the list could not be read). */
  isStopped: boolean;
}

/**
 * Embeds, bot by bot, every chunk that has no vector of the current
 * EMBEDDINGS_MODEL: after the operator changes the model (or an import's
 * embeddings failed) search by meaning comes back without the owner
 * re-importing anything. Meant to run in the background at start-up: it
 * never throws; failures go to `onBackgroundError` and the next run (next
 * start, or the bot's next import) picks up where this one stopped. Each
 * bot's calls are recorded as its workspace's usage.
 */
export async function catchUpChunkEmbeddings(
  services: { pool: KnowledgePool } & Pick<ApiServices, "embedder" | "now" | "onBackgroundError" | "invalidateBotAnswers">,
  options: CatchUpChunkEmbeddingsOptions = {},
): Promise<CatchUpSummary> {
  const summary: CatchUpSummary = { bots: 0, embedded: 0, failedBots: 0, isStopped: false };
  const { embedder } = services;
  if (!embedder) return summary;
  const maxConsecutiveFailures = options.maxConsecutiveFailures ?? 3;
  let bots: Awaited<ReturnType<typeof listBotsNeedingEmbeddings>>;
  try {
    bots = await listBotsNeedingEmbeddings(services.pool, embedder.model);
  } catch (error) {
    services.onBackgroundError?.(error, "embedChunks");
    return { ...summary, isStopped: true };
  }
  summary.bots = bots.length;
  let failuresInARow = 0;
  for (const { workspaceId, botId } of bots) {
    if (options.signal?.aborted || failuresInARow >= maxConsecutiveFailures) {
      summary.isStopped = true;
      break;
    }
    const outcome = await embedBotChunks(services, { workspaceId, botId });
    if (outcome.embeddingError !== null) {
      summary.failedBots++;
      failuresInARow++;
      continue;
    }
    failuresInARow = 0;
    summary.embedded += outcome.embedded;
    // Cached answers were chosen without these vectors.
    if (outcome.embedded > 0) await services.invalidateBotAnswers(botId).catch((error: unknown) => services.onBackgroundError?.(error, "embedChunks"));
  }
  return summary;
}
