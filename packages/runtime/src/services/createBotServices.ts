import { createHash } from "node:crypto";
import type { ClassifyResult, FlowServices, GenerateRequest, HttpRequest, HttpResponse, KnowledgeHit } from "@chatwright/flow";
import { embedQuery, type Embedder, type QueryEmbedding, type RetrievedChunk } from "@chatwright/knowledge";
import {
  buildGroundedPrompt,
  DEFAULT_MODEL_ID,
  judgeGroundedAnswer,
  LlmNotConfiguredError,
  stripCitations,
  type AnswerCache,
  type CachedAnswer,
  type LlmProvider,
} from "@chatwright/llm";
import { classifyIntent, encodeQuery, type IntentModel, type SentenceEncoder } from "@chatwright/nlp";

export type BotScope = { workspaceId: string; botId: string };

/** What an LLM call was for: a reply or intent choice, or vectors for search by meaning. */
export type LlmUsageKind = "chat" | "embedding";

/** Tokens one LLM call spent, for Message metadata and the workspace's usage counter. */
export interface LlmUsageRecord {
  workspaceId: string;
  botId: string;
  /** Null for the builder's test chat (nothing is stored for it), and for imports and test searches. */
  conversationId: string | null;
  /** Default "chat". An embedding call has its embedded tokens as promptTokens and no completion. */
  kind?: LlmUsageKind;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** US dollars at list price; null for a model without a known price. */
  costUsd: number | null;
}

/** The knowledge side, as functions (the server binds them to its pool and Prisma client). */
export interface BotKnowledge {
  /** The bot's trained classifier (with the encoder's sentence vectors, when given), or null when no intent has examples. */
  loadIntentModel(scope: BotScope, encoder?: SentenceEncoder | null): Promise<IntentModel | null>;
  /** Names, descriptions and examples, shown to the LLM when it decides. */
  listIntents(scope: BotScope): Promise<ReadonlyArray<{ name: string; description: string | null; examples: readonly string[] }>>;
  retrieve(input: BotScope & { query: string; topK: number; threshold: number; queryEmbedding?: QueryEmbedding }): Promise<RetrievedChunk[]>;
  /** Whether any chunk of the bot has an embedding made by `model`; without one no query is embedded. */
  hasEmbeddings?(scope: BotScope & { model: string }): Promise<boolean>;
  /** The bot's own confidence threshold (a floor for every faq node); null: the node's threshold alone. */
  readRetrievalThreshold?(scope: BotScope): Promise<number | null>;
  /** Source titles by id, so an answer can name where it came from. */
  findSourceTitles?(input: BotScope & { sourceIds: readonly string[] }): Promise<ReadonlyMap<string, string>>;
}

export interface BotServicesOptions {
  scope: BotScope;
  /** The conversation whose turn this is; unset for the builder's test chat. */
  conversationId?: string | null;
  knowledge: BotKnowledge;
  /** Without an API key every call rejects with LlmNotConfiguredError: llm nodes take their error output or the fallback message. */
  llm: LlmProvider;
  /** Answers generated from knowledge, by bot + normalised question; null turns caching off. */
  answerCache: AnswerCache<CachedAnswer> | null;
  /** Called once per LLM or embeddings call that returned; its failures are reported to `onBackgroundError`, never to the visitor. */
  recordUsage(usage: LlmUsageRecord): void | Promise<void>;
  /** The http node's client: createGuardedHttpClient({ allowPrivate }). */
  httpRequest(request: HttpRequest): Promise<HttpResponse>;
  /**
   * EMBEDDINGS_MODEL's embedder; null or unset: text-only retrieval and no
   * /embeddings call. With it, a query is embedded when the bot has vectors,
   * and a failed or slow embedding falls back to text search.
   */
  embedder?: Embedder | null;
  /**
   * The local sentence encoder the intent classifier scores with beside its
   * word features (`@chatwright/encoder`); null or unset: words alone. A
   * failed encoding falls back to words alone.
   */
  sentenceEncoder?: SentenceEncoder | null;
  /** How long a turn waits for its query embedding. Default 3000 ms. */
  queryEmbeddingTimeoutMs?: number;
  /** The model when a node names none. Default: the llm package's default. */
  defaultModel?: string;
  now?: () => number;
  /**
   * Whether a person of the workspace would take a handoff. Default: yes —
   * what the builder's test chat wants; the runtime answers from presence
   * (RuntimeOptions.isAgentOnline) instead.
   */
  isAgentOnline?: () => boolean | Promise<boolean>;
  /** Usage recording or cache failures: logged by the server, not shown to visitors. */
  onBackgroundError?: (error: unknown, during: BackgroundWork) => void;
}

/** Work beside the reply whose failure is logged, never shown to the visitor. */
export type BackgroundWork = "recordUsage" | "answerCache" | "chooseIntent" | "embedQuery" | "encodeSentence";

/** Thrown inside the cache's compute step so a declined answer is returned but not cached. */
class UncachedAnswer {
  constructor(readonly answer: CachedAnswer) {}
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The local classifier's pick among the node's intents. Confidence uses the
 * model's own calibration on the best requested intent's score, so an intent
 * the node does not offer cannot outrank the ones it does.
 */
function classifyLocally(model: IntentModel | null, text: string, intents: readonly string[], sentenceVector: Float32Array | null): ClassifyResult {
  if (model === null) return { intent: null, confidence: 0 };
  const classification = classifyIntent(model, text, sentenceVector);
  const best = classification.ranked.find((r) => intents.includes(r.intent));
  if (best === undefined || best.score <= 0) return { intent: null, confidence: 0 };
  const { slope, center } = classification.calibration;
  return { intent: best.intent, confidence: sigmoid(slope * (best.score - center)) };
}

function hitOf(chunk: RetrievedChunk, sourceTitles: ReadonlyMap<string, string>): KnowledgeHit {
  const title = chunk.question ?? chunk.heading ?? undefined;
  const source = sourceTitles.get(chunk.sourceId);
  return { id: chunk.chunkId, answer: chunk.answer ?? chunk.content, score: chunk.score, ...(title ? { title } : {}), ...(source ? { source } : {}) };
}

/**
 * The cache key's question: the visitor's words plus a digest of everything
 * else that shapes the answer (instructions, model, sampling, the passages),
 * so two nodes of one bot with different prompts never share an answer.
 */
function cacheQuestionOf(request: GenerateRequest, model: string, context: readonly KnowledgeHit[]): string {
  const variant = createHash("sha256")
    .update(JSON.stringify([request.systemPrompt, model, request.temperature, request.maxTokens, context.map((hit) => hit.id)]))
    .digest("hex")
    .slice(0, 16);
  return `${variant} ${request.prompt}`;
}

/**
 * The FlowServices one bot's conversations run with (ARCHITECTURE.md, "The turn"): the
 * local intent classifier with the LLM deciding when it is unsure, Postgres
 * retrieval, grounded and cached LLM replies with usage recorded per call,
 * the guarded HTTP client, the clock. Cheap to create per turn; the caches
 * it uses live outside.
 */
export function createBotServices(options: BotServicesOptions): FlowServices {
  const { scope, knowledge, llm } = options;
  const defaultModel = options.defaultModel ?? DEFAULT_MODEL_ID;
  const now = options.now ?? Date.now;
  const report = (error: unknown, during: BackgroundWork) => options.onBackgroundError?.(error, during);

  async function record(model: string, usage: { promptTokens: number; completionTokens: number }, costUsd: number | null, kind: LlmUsageKind = "chat"): Promise<void> {
    try {
      await options.recordUsage({
        ...scope,
        conversationId: options.conversationId ?? null,
        kind,
        model,
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens,
        costUsd,
      });
    } catch (error) {
      report(error, "recordUsage");
    }
  }

  async function generateAnswer(request: GenerateRequest, model: string, context: readonly KnowledgeHit[]): Promise<CachedAnswer & { isDeclined: boolean }> {
    const isGrounded = context.length > 0;
    const chunks = context.map((hit) => ({ id: hit.id, text: hit.answer, ...(hit.title ? { title: hit.title } : {}) }));
    const result = await llm.generate({
      model,
      ...(isGrounded
        ? { messages: buildGroundedPrompt({ question: request.prompt, chunks, extraInstructions: request.systemPrompt }) }
        : { systemPrompt: request.systemPrompt, prompt: request.prompt }),
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      // A grounded reply is judged whole before the visitor sees any of it, so it is not streamed token by token.
      onToken: isGrounded ? () => undefined : request.onToken,
    });
    await record(result.model, result.usage, result.costUsd);
    // Sources are shown beside the reply, so the [n] markers are taken out of the stored text.
    // The guard is here, not in the prompt: a model that follows an injected instruction or its own knowledge is still not answering.
    const verdict = isGrounded ? judgeGroundedAnswer(result.text, chunks) : null;
    return {
      text: isGrounded ? stripCitations(result.text) : result.text,
      citedChunkIds: verdict?.isAnswered === true ? verdict.citedChunkIds : context.map((hit) => hit.id),
      model: result.model,
      isDeclined: verdict !== null && !verdict.isAnswered,
    };
  }

  return {
    async classify({ text, intents, threshold }) {
      const encoder = options.sentenceEncoder ?? null;
      const model = await knowledge.loadIntentModel(scope, encoder);
      const sentenceVector =
        model === null
          ? null
          : await encodeQuery(model, encoder, text).catch((error: unknown) => {
              report(error, "encodeSentence");
              return null;
            });
      const local = classifyLocally(model, text, intents, sentenceVector);
      if (local.confidence >= threshold || !llm.isConfigured || intents.length === 0) {
        return local.confidence >= threshold ? local : { intent: null, confidence: local.confidence };
      }
      try {
        const records = await knowledge.listIntents(scope);
        const choice = await llm.chooseIntent({
          model: defaultModel,
          text,
          intents: intents.map((name) => {
            const known = records.find((r) => r.name === name);
            return { name, examples: known?.examples ?? [], ...(known?.description ? { description: known.description } : {}) };
          }),
        });
        await record(choice.model, choice.usage, choice.costUsd);
        // The LLM decides when the local classifier is unsure (docs/design-decisions.md, AI); its
        // self-reported confidence is not on the local scale, so a match passes the node's threshold.
        if (choice.reason === "matched" && choice.intent !== null && intents.includes(choice.intent)) {
          return { intent: choice.intent, confidence: Math.max(choice.confidence, threshold) };
        }
      } catch (error) {
        // The local result stands when the LLM fails.
        report(error, "chooseIntent");
      }
      return { intent: null, confidence: local.confidence };
    },

    async retrieve({ query, topK, threshold }) {
      const botThreshold = (await knowledge.readRetrievalThreshold?.(scope)) ?? null;
      // A network call, so only when there are vectors to compare with; outside the knowledge reads' savepoints.
      const embedder = options.embedder ?? null;
      const isEmbedded = embedder !== null && knowledge.hasEmbeddings !== undefined && (await knowledge.hasEmbeddings({ ...scope, model: embedder.model }));
      const queryEmbedding = isEmbedded
        ? await embedQuery(embedder, query, {
            timeoutMs: options.queryEmbeddingTimeoutMs ?? 3000,
            onError: (error) => report(error, "embedQuery"),
            onUsage: (usage) => record(usage.model, { promptTokens: usage.promptTokens, completionTokens: 0 }, usage.costUsd, "embedding"),
          })
        : null;
      const chunks = await knowledge.retrieve({ ...scope, query, topK, threshold: Math.max(threshold, botThreshold ?? 0), ...(queryEmbedding ? { queryEmbedding } : {}) });
      const titles = knowledge.findSourceTitles && chunks.length > 0 ? await knowledge.findSourceTitles({ ...scope, sourceIds: chunks.map((c) => c.sourceId) }) : new Map<string, string>();
      return { hits: chunks.map((chunk) => hitOf(chunk, titles)) };
    },

    async generate(request) {
      // Before any cache lookup: without a key nothing can have been cached, and the owner must see why.
      if (!llm.isConfigured) throw new LlmNotConfiguredError();
      const model = request.model?.trim() || defaultModel;
      const context = request.context ?? [];
      const cache = options.answerCache;
      // Only answers grounded in the knowledge base are cached: they change when it does, and invalidation follows.
      if (context.length === 0 || cache === null) {
        const answer = await generateAnswer(request, model, context);
        if (context.length > 0 && !answer.isDeclined) request.onToken(answer.text);
        return { text: answer.text, ...(answer.isDeclined ? { isDeclined: true } : {}) };
      }
      const question = cacheQuestionOf(request, model, context);
      try {
        const { value } = await cache.getOrCompute(scope.botId, question, async () => {
          const { isDeclined, ...answer } = await generateAnswer(request, model, context);
          if (isDeclined) throw new UncachedAnswer(answer);
          return answer;
        });
        // Cached or just judged: either way the answer reaches the visitor's stream in one piece.
        request.onToken(value.text);
        return { text: value.text };
      } catch (error) {
        if (error instanceof UncachedAnswer) return { text: error.answer.text, isDeclined: true };
        throw error;
      }
    },

    httpRequest: (request) => options.httpRequest(request),
    isAgentOnline: async () => (options.isAgentOnline ? await options.isAgentOnline() : true),
    now,
  };
}
