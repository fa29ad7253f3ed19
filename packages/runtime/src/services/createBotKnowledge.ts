import { findSourceTitles, hasChunkEmbeddings, listIntentsOver, loadIntentModelOver, readBotSettings, retrieve, type KnowledgeQueryable } from "@chatwright/knowledge";
import type { BotKnowledge } from "./createBotServices";

export interface BotKnowledgeOptions {
  /** Used when there is no turn connection (e.g. the builder's simulator). */
  pool: KnowledgeQueryable;
  /**
   * The runtime turn's own connection, inside its transaction. Reads go
   * through it (the embedded database serves one transaction at a time),
   * each in a savepoint so a failed read cannot abort the turn.
   */
  connection?: KnowledgeQueryable | undefined;
  /** pg_trgm availability, checked once on the pool at start-up (hasTrigramExtension). */
  isTrigramAvailable: boolean;
}

let savepointCounter = 0;

/** The knowledge functions createBotServices needs, bound to a pool or to a turn's connection. */
export function createBotKnowledge(options: BotKnowledgeOptions): BotKnowledge {
  const { connection } = options;
  const sql = connection ?? options.pool;
  async function read<T>(work: () => Promise<T>): Promise<T> {
    if (connection === undefined) return work();
    const savepoint = `bot_knowledge_${++savepointCounter}`;
    await connection.query(`SAVEPOINT ${savepoint}`);
    try {
      const value = await work();
      await connection.query(`RELEASE SAVEPOINT ${savepoint}`);
      return value;
    } catch (error) {
      await connection.query(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
      throw error;
    }
  }
  return {
    loadIntentModel: (scope, encoder) => read(() => loadIntentModelOver(sql, scope, encoder)),
    listIntents: (scope) => read(() => listIntentsOver(sql, scope)),
    retrieve: (input) => read(() => retrieve(sql, { ...input, isTrigramAvailable: options.isTrigramAvailable })),
    hasEmbeddings: (scope) => read(() => hasChunkEmbeddings(sql, scope)),
    readRetrievalThreshold: (scope) => read(async () => (await readBotSettings(sql, scope)).retrievalThreshold),
    findSourceTitles: (input) => read(() => findSourceTitles(sql, input)),
  };
}
