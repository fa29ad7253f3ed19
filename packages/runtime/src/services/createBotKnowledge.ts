import { findSourceTitles, hasChunkEmbeddings, listIntentsOver, loadIntentModelOver, readBotSettings, retrieve, type KnowledgeQueryable } from "@chatwright/knowledge";
import type { BotKnowledge } from "./createBotServices";

export interface BotKnowledgeOptions {
  /** Each read is a short query of its own on the pool: a turn runs with no transaction open (ARCHITECTURE.md, "The turn"). */
  pool: KnowledgeQueryable;
  /** pg_trgm availability, checked once on the pool at start-up (hasTrigramExtension). */
  isTrigramAvailable: boolean;
}

/** The knowledge functions createBotServices needs, bound to a pool. */
export function createBotKnowledge(options: BotKnowledgeOptions): BotKnowledge {
  const sql = options.pool;
  return {
    loadIntentModel: (scope, encoder) => loadIntentModelOver(sql, scope, encoder),
    listIntents: (scope) => listIntentsOver(sql, scope),
    retrieve: (input) => retrieve(sql, { ...input, isTrigramAvailable: options.isTrigramAvailable }),
    hasEmbeddings: (scope) => hasChunkEmbeddings(sql, scope),
    readRetrievalThreshold: async (scope) => (await readBotSettings(sql, scope)).retrievalThreshold,
    findSourceTitles: (input) => findSourceTitles(sql, input),
  };
}
