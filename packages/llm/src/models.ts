/**
 * The models an owner can pick for a bot or an `llm` node. Enterprise
 * workspaces may type any OpenRouter model id; everyone else chooses
 * from this list.
 *
 * Prices are OpenRouter's list prices in US dollars per million tokens, as
 * shown on openrouter.ai/models (checked 2026-11-25):
 * - openai/gpt-4o-mini: openrouter.ai/models/openai/gpt-4o-mini —
 *   128,000 context, $0.15/M input, $0.60/M output.
 * - mistralai/mistral-small-3.1-24b-instruct: openrouter.ai/mistralai/
 *   mistral-small-3.1-24b-instruct — 128K context, $0.351/M input,
 *   $0.555/M output, rounded here to $0.35 / $0.56 as OpenRouter's models API
 *   lists it (an earlier listing said $0.10 / $0.30 with 32,768 context; it
 *   moves, so recheck when billing depends on it).
 */
export interface LlmModel {
  id: string;
  /** What the dashboard shows. */
  label: string;
  /** Tokens of prompt + reply the model accepts; null when unknown (custom ids). */
  contextWindowTokens: number | null;
  /** US dollars per million tokens; null when we do not know the price. */
  pricePerMillionTokens: { input: number; output: number } | null;
  /** True for the models in our list, false for an Enterprise custom id. */
  isListed: boolean;
}

export const MODELS = [
  {
    id: "mistralai/mistral-small-3.1-24b-instruct",
    label: "Mistral Small 3.1 (24B)",
    contextWindowTokens: 128_000,
    pricePerMillionTokens: { input: 0.35, output: 0.56 },
    isListed: true,
  },
  {
    id: "openai/gpt-4o-mini",
    label: "GPT-4o mini",
    contextWindowTokens: 128_000,
    pricePerMillionTokens: { input: 0.15, output: 0.6 },
    isListed: true,
  },
] as const satisfies readonly LlmModel[];

export type ListedModelId = (typeof MODELS)[number]["id"];

/**
 * Embeddings models (EMBEDDINGS_MODEL) whose price we know, so their calls
 * are costed in the workspace's usage; any other id still works, recorded
 * with tokens but no cost. Kept apart from MODELS: these cannot answer a chat.
 * - openai/text-embedding-3-small: openrouter.ai/openai/text-embedding-3-small —
 *   8,192 context, $0.02/M input tokens, $0/M output (checked 2026-11-26).
 */
export const EMBEDDING_MODELS = [
  { id: "openai/text-embedding-3-small", pricePerMillionTokens: { input: 0.02, output: 0 } },
] as const satisfies ReadonlyArray<Pick<LlmModel, "id" | "pricePerMillionTokens">>;

export const DEFAULT_MODEL_ID: ListedModelId = "openai/gpt-4o-mini";

/** A listed model by id, or undefined. */
export function findModel(id: string): LlmModel | undefined {
  return MODELS.find((model) => model.id === id);
}

export function isListedModelId(id: string): id is ListedModelId {
  return findModel(id) !== undefined;
}

export class LlmModelNotAllowedError extends Error {
  override name = "LlmModelNotAllowedError";
  readonly code = "model_not_allowed";
  constructor(readonly modelId: string) {
    super(
      `The AI model “${modelId}” is not available on this plan. Choose one of: ${MODELS.map((model) => model.id).join(", ")} (any model id needs the Enterprise plan).`,
    );
  }
}

// OpenRouter ids look like "vendor/model-name:variant"; this keeps out
// anything that could not be one (spaces, URLs, control characters).
const customModelIdPattern = /^[A-Za-z0-9][\w.-]*\/[\w.:-]+$/;

/**
 * The model to use for `id` on a plan. An empty id means the default model.
 * Throws `LlmModelNotAllowedError` for an unlisted id unless `allowAnyModel`
 * (Enterprise), and for an id that cannot be a model id at all.
 */
export function resolveModel(id: string | null | undefined, options: { allowAnyModel: boolean }): LlmModel {
  const wanted = id?.trim() ?? "";
  if (wanted === "") return MODELS.find((model) => model.id === DEFAULT_MODEL_ID) ?? MODELS[0];
  const listed = findModel(wanted);
  if (listed) return listed;
  if (!options.allowAnyModel || wanted.length > 200 || !customModelIdPattern.test(wanted)) {
    throw new LlmModelNotAllowedError(wanted);
  }
  return { id: wanted, label: wanted, contextWindowTokens: null, pricePerMillionTokens: null, isListed: false };
}

/**
 * The model to try when `modelId` keeps failing: the other listed model.
 * A custom (Enterprise) model falls back to the default model.
 */
export function fallbackModelFor(modelId: string): ListedModelId {
  const other = MODELS.find((model) => model.id !== modelId);
  if (isListedModelId(modelId) && other) return other.id;
  return DEFAULT_MODEL_ID;
}
