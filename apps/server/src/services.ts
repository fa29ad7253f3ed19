import { hasEnterpriseFeature, llmKeySecretContext, PLANS, type ApiServices, type SecretBox } from "@chatwright/api";
import type { Db, DbClients } from "@chatwright/db";
import type { FlowServices } from "@chatwright/flow";
import { hasTrigramExtension, type Embedder } from "@chatwright/knowledge";
import {
  cachedAnswerSchema,
  createAnswerCache,
  createEmbedder,
  createLlmProvider,
  createMemoryAnswerStore,
  LlmNotConfiguredError,
  type CachedAnswer,
  type LlmProvider,
} from "@chatwright/llm";
import type { SentenceEncoder } from "@chatwright/nlp";
import { createRedisAnswerStore, type Redis } from "@chatwright/redis";
import { createBotKnowledge, createBotServices, createGuardedHttpClient, recordLlmUsage, type LlmUsageRecord } from "@chatwright/runtime";
import { createWorkspaceLlmProvider } from "./createWorkspaceLlmProvider";
import { guardFlowServicesByPlan, parsePlan } from "./guardFlowServicesByPlan";

/** `options` carries the process-wide collaborators built in main.ts (pool, runtime, publisher, widget policy, sign-in throttles...). */
export function createApiServices(db: Db, options: Omit<ApiServices, "db" | "now">): ApiServices {
  return { ...options, db, now: () => new Date() };
}

export interface BotServicesFactoryOptions {
  pool: DbClients["pool"];
  /** OPENROUTER_API_KEY; unset: the LLM is "not configured" and flows use their no-AI paths. */
  apiKey: string | undefined;
  /** LLM_BASE_URL; unset: OpenRouter. */
  baseURL: string | undefined;
  /** LLM_TIMEOUT_MS */
  timeoutMs: number;
  /** EMBEDDINGS_MODEL; unset (or no API key): text-only retrieval, no /embeddings call. */
  embeddingsModel?: string | undefined;
  /** SENTENCE_ENCODER's encoder, which intent nodes classify with beside the words; null: words alone. */
  sentenceEncoder?: SentenceEncoder | null;
  /** PUBLIC_URL, sent as HTTP-Referer. */
  publicUrl: string;
  /** HTTP_NODE_ALLOW_PRIVATE=1 */
  httpNodeAllowPrivate: boolean;
  /** REDIS_URL's command connection: the answer cache is shared by every process. Null: an in-process LRU. */
  redis: { commands: Redis; prefix: string } | null;
  /** Token usage per LLM call. Default: an LlmUsage row stored on the pool as soon as the call returns (the tokens are spent even if the turn is later lost). */
  recordUsage?: (usage: LlmUsageRecord) => void | Promise<void>;
  /** `scope`: whose work failed, when it is known (a conversation's services), for the log. */
  onBackgroundError?: (error: unknown, during: string, scope?: { workspaceId: string; botId?: string; conversationId?: string | null }) => void;
  /**
   * Opens workspaces' own OpenRouter keys (Enterprise, sealed with SECRETS_KEY):
   * their flows call the LLM with that key instead of OPENROUTER_API_KEY. Unset or null: the server's key only.
   */
  secrets?: SecretBox | null;
}

export interface BotServicesFactory {
  /** For createRuntime and ApiServices.servicesFor (the simulator: no conversation). */
  servicesFor(scope: { workspaceId: string; botId: string; conversationId?: string }): FlowServices;
  /** For ApiServices.invalidateBotAnswers: call after a bot's knowledge, intents, settings or flow change. */
  invalidateBotAnswers(botId: string): Promise<void>;
  isLlmConfigured: boolean;
  /** For ApiServices.embedder (knowledge imports); null unless EMBEDDINGS_MODEL and the API key are both set. */
  embedder: Embedder | null;
  answerCacheStore: "memory" | "redis";
}

/** Ten minutes: short enough that a changed model or prompt shows soon, long enough for repeated questions. */
const ANSWER_CACHE_TTL_MS = 10 * 60_000;

/**
 * The services every bot's flows run with, built once per process: one LLM
 * provider, one answer cache, one guarded HTTP client. Async because pg_trgm
 * is checked once on the pool here.
 */
export async function createBotServicesFactory(options: BotServicesFactoryOptions): Promise<BotServicesFactory> {
  const providerFor = (apiKey: string | undefined) =>
    createLlmProvider({
      apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      timeoutMs: options.timeoutMs,
      referer: options.publicUrl,
      title: "Chatwright",
    });
  const llm = providerFor(options.apiKey);
  const secrets = options.secrets ?? null;
  // One provider (one HTTP client) per workspace key in use, by its sealed text.
  const ownProviders = new Map<string, LlmProvider>();
  const ownProviderFor = (sealed: string, key: string) => {
    let provider = ownProviders.get(sealed);
    if (!provider) {
      if (ownProviders.size >= 500) ownProviders.delete(ownProviders.keys().next().value ?? sealed);
      provider = providerFor(key);
      ownProviders.set(sealed, provider);
    }
    return provider;
  };
  /** The workspace's own key when it has one and its plan allows it (read fresh each turn: a removed key stops at once). */
  const readOwnKey = async (workspaceId: string): Promise<{ sealed: string; key: string } | null> => {
    if (!secrets) return null;
    const { rows } = await options.pool.query<{ plan: string; sealed: string | null }>(`SELECT plan::text AS plan, "llmApiKeyCiphertext" AS sealed FROM "Workspace" WHERE id = $1`, [workspaceId]);
    const row = rows[0];
    const plan = PLANS.find((p) => p === row?.plan);
    if (!row?.sealed || !plan || !hasEnterpriseFeature(plan, "ownLlmKey")) return null;
    try {
      return { sealed: row.sealed, key: secrets.open(row.sealed, llmKeySecretContext(workspaceId)) };
    } catch (error) {
      // Sealed under another SECRETS_KEY (or altered): the server's key answers, and the log says why.
      options.onBackgroundError?.(error, "ownLlmKey", { workspaceId });
      return null;
    }
  };
  const { redis } = options;
  // While Redis is away the cache is skipped (answers are computed), not failed. The
  // connection logs the loss once, so only errors while it is up are reported.
  const onStoreError = (error: unknown) => {
    if (redis?.commands.status === "ready") options.onBackgroundError?.(error, "answerCache");
  };
  const answerCache = createAnswerCache<CachedAnswer>({
    store: redis ? createRedisAnswerStore(redis.commands) : createMemoryAnswerStore({ maxEntries: 5000 }),
    ...(redis ? { keyPrefix: `${redis.prefix}answers`, onStoreError } : {}),
    ttlMs: ANSWER_CACHE_TTL_MS,
    parse: (value) => cachedAnswerSchema.parse(value),
  });
  // Vectors only with both a model and a key: without the key every call would fail.
  const embedder = options.embeddingsModel && llm.isConfigured ? createEmbedder({ llm, model: options.embeddingsModel }) : null;
  const httpRequest = createGuardedHttpClient({ allowPrivate: options.httpNodeAllowPrivate });
  const isTrigramAvailable = await hasTrigramExtension(options.pool);
  const storeUsage =
    options.recordUsage ?? ((usage: LlmUsageRecord) => recordLlmUsage(options.pool, { ...usage, at: new Date() }));
  // Where an own key could exist, an intent node may ask the LLM for a workspace with no key at all: not worth a warning.
  const reportBackground = options.onBackgroundError;
  const onBackgroundErrorOf = (scope: { workspaceId: string; botId: string; conversationId: string | null }) =>
    reportBackground
      ? (error: unknown, during: string) => {
          if (!(error instanceof LlmNotConfiguredError)) reportBackground(error, during, scope);
        }
      : undefined;
  const readPlan = async (workspaceId: string) => {
    const { rows } = await options.pool.query<{ plan: string }>(`SELECT plan::text AS plan FROM "Workspace" WHERE id = $1`, [workspaceId]);
    return parsePlan(rows[0]?.plan);
  };
  return {
    servicesFor: ({ workspaceId, botId, conversationId }) => {
      const onBackgroundError = onBackgroundErrorOf({ workspaceId, botId, conversationId: conversationId ?? null });
      return guardFlowServicesByPlan(
        createBotServices({
          scope: { workspaceId, botId },
          conversationId: conversationId ?? null,
          knowledge: createBotKnowledge({ pool: options.pool, isTrigramAvailable }),
          llm: createWorkspaceLlmProvider({
            shared: llm,
            canUseOwnKeys: secrets !== null,
            readOwnKey: async () => {
              const own = await readOwnKey(workspaceId);
              return own ? { provider: ownProviderFor(own.sealed, own.key) } : null;
            },
          }),
          answerCache,
          recordUsage: storeUsage,
          httpRequest,
          embedder,
          sentenceEncoder: options.sentenceEncoder ?? null,
          ...(onBackgroundError ? { onBackgroundError } : {}),
        }),
        { readPlan: () => readPlan(workspaceId) },
      );
    },
    invalidateBotAnswers: (botId) => answerCache.invalidateBot(botId),
    isLlmConfigured: llm.isConfigured,
    embedder,
    answerCacheStore: redis ? "redis" : "memory",
  };
}
