export { KnowledgeError, type KnowledgeErrorCode, type RowError } from "./errors.ts";
export { knowledgeLimits } from "./limits.ts";
export { parseCsv, detectDelimiter, type CsvRecord } from "./parseCsv.ts";
export { parseFaqCsv, parseFaqJson, type FaqEntry, type ParsedFaqs } from "./parseFaqs.ts";
export { chunkDocument, type DocumentChunk, type ChunkDocumentOptions } from "./chunkDocument.ts";
export { extractPdfText } from "./extractPdfText.ts";
export { parseSource, type KnowledgeSourceKind, type KnowledgeFile, type ChunkInput, type ParsedSource, type ParseSourceOptions } from "./parseSource.ts";
export {
  ingestSource,
  replaceSource,
  listSources,
  deleteSource,
  type IngestSourceInput,
  type ReplaceSourceInput,
  type IngestResult,
  type ProgressCallback,
  type KnowledgeSourceSummary,
} from "./ingestSource.ts";
export { retrieve, hasTrigramExtension, defaultRetrievalThreshold, type RetrieveInput, type RetrievedChunk } from "./retrieve.ts";
export { embedChunks, embeddingTextOf, type Embedder, type EmbedChunksInput, type EmbeddingUsage } from "./embedChunks.ts";
export { embedQuery, type EmbedQueryOptions, type QueryEmbedding } from "./embedQuery.ts";
export { hasChunkEmbeddings } from "./hasChunkEmbeddings.ts";
export { listBotsNeedingEmbeddings } from "./listBotsNeedingEmbeddings.ts";
export { listIntents, createIntent, updateIntent, deleteIntent, loadIntentModel, listIntentsOver, loadIntentModelOver, type IntentScope, type IntentRecord } from "./intents.ts";
export type { KnowledgePool, KnowledgeQueryable } from "./sql.ts";
export { listChunks, type KnowledgeChunkSummary } from "./listChunks.ts";
export { readBotSettings, updateBotSettings, type BotSettings } from "./botSettings.ts";
export { findSourceTitles } from "./findSourceTitles.ts";
