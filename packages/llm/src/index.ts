export { MODELS, EMBEDDING_MODELS, DEFAULT_MODEL_ID, findModel, isListedModelId, resolveModel, fallbackModelFor, LlmModelNotAllowedError, type LlmModel, type ListedModelId } from "./models.ts";
export { costOf, estimateTokens, type TokenUsage } from "./costOf.ts";
export type { ChatMessage } from "./chatMessage.ts";
export {
  LlmError,
  LlmNotConfiguredError,
  LlmRequestRejectedError,
  LlmTimeoutError,
  LlmUnavailableError,
  LlmStreamInterruptedError,
  LlmAbortedError,
  LlmInvalidResponseError,
  type LlmErrorCode,
} from "./errors.ts";
export {
  createLlmProvider,
  OPENROUTER_BASE_URL,
  type LlmProvider,
  type LlmProviderOptions,
  type GenerateRequest,
  type GenerateResult,
  type EmbedRequest,
  type EmbedResult,
  type ChooseIntentRequest,
  type ChooseIntentResult,
} from "./createLlmProvider.ts";
export { createEmbedder, type EmbedderOptions, type EmbeddingUsage, type LlmEmbedder } from "./createEmbedder.ts";
export { buildIntentChoiceMessages, parseIntentChoice, type IntentOption, type IntentChoice, type IntentChoiceReason } from "./chooseIntent.ts";
export { computeBackoffMs, sleepFor, type BackoffOptions } from "./computeBackoffMs.ts";
export {
  buildGroundedPrompt,
  extractCitations,
  stripCitations,
  isDeclined,
  DEFAULT_DECLINE_SENTENCE,
  type KnowledgeChunk,
  type GroundedPromptInput,
  type Citation,
} from "./buildGroundedPrompt.ts";
export { judgeGroundedAnswer, type GroundedVerdict } from "./judgeGroundedAnswer.ts";
export type { AnswerCacheStore } from "./answerCacheStore.ts";
export { createMemoryAnswerStore, type MemoryAnswerStore, type MemoryAnswerStoreOptions } from "./createMemoryAnswerStore.ts";
export { createAnswerCache, normalizeQuestion, cachedAnswerSchema, type AnswerCache, type AnswerCacheOptions, type CachedAnswer } from "./createAnswerCache.ts";
