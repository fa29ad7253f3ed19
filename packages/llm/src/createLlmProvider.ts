import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions";
import { z } from "zod";
import type { ChatMessage } from "./chatMessage.ts";
import { buildIntentChoiceMessages, parseIntentChoice, type IntentChoice, type IntentOption } from "./chooseIntent.ts";
import { computeBackoffMs, sleepFor } from "./computeBackoffMs.ts";
import { costOf, estimateTokens, type TokenUsage } from "./costOf.ts";
import {
  LlmAbortedError,
  LlmError,
  LlmInvalidResponseError,
  LlmNotConfiguredError,
  LlmRequestRejectedError,
  LlmStreamInterruptedError,
  LlmTimeoutError,
  LlmUnavailableError,
} from "./errors.ts";
import { DEFAULT_MODEL_ID, fallbackModelFor } from "./models.ts";

export const OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1";

export interface LlmProviderOptions {
  /** OPENROUTER_API_KEY. Without it the provider exists but every call rejects with `LlmNotConfiguredError`. */
  apiKey?: string | undefined;
  /** Any OpenAI-compatible server (LLM_BASE_URL); default OpenRouter. */
  baseURL?: string;
  /** Sent as HTTP-Referer: OpenRouter attributes usage to this site. */
  referer: string;
  /** Sent as X-Title: the app name OpenRouter shows. */
  title: string;
  /** Limit per attempt: until the response starts, and between streamed chunks. Default 30 s. */
  timeoutMs?: number;
  /** Retries of the requested model after its first attempt. Default 2. */
  maxRetries?: number;
  /**
   * The model tried once after the requested model's retries are spent.
   * Default: the other listed model. `null` turns fallback off.
   */
  fallbackModel?: string | null;
  /** Backoff before retry n: base * 2^n with jitter, at most `retryMaxDelayMs`. Defaults 300 ms / 5 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  fetch?: typeof globalThis.fetch;
  /** Injected so tests do not wait; receives the caller's signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface GenerateRequest {
  /** Default: DEFAULT_MODEL_ID. Resolve the plan's allowed model with `resolveModel` first. */
  model?: string | undefined;
  /** The whole conversation; or give `systemPrompt` + `prompt`. */
  messages?: readonly ChatMessage[];
  systemPrompt?: string;
  prompt?: string;
  temperature?: number;
  maxTokens?: number;
  /** "json_object" asks for OpenAI-compatible JSON mode. */
  responseFormat?: "text" | "json_object";
  /** When given, the reply streams and each piece of text arrives here, in order, exactly once. */
  onToken?: (text: string) => void;
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  /** The model that produced `text` (the fallback when `isFallback`). */
  model: string;
  usage: TokenUsage;
  /** US dollars at list price; null for a model without a known price. */
  costUsd: number | null;
  /** "stop", "length", "content_filter", ... as the provider said. */
  finishReason: string;
  isFallback: boolean;
  /** Requests made, including failed ones. */
  attempts: number;
}

export interface EmbedRequest {
  model: string;
  input: readonly string[];
  dimensions?: number;
  signal?: AbortSignal;
}

export interface EmbedResult {
  /** One per input, same order. */
  vectors: number[][];
  model: string;
  /** The provider's `prompt_tokens` (estimated from the text, and said so, when it sends none). */
  usage: { promptTokens: number; totalTokens: number; isEstimated?: boolean };
  /** US dollars at list price; null for a model without a known price. */
  costUsd: number | null;
}

export interface ChooseIntentRequest {
  model?: string | undefined;
  text: string;
  intents: readonly IntentOption[];
  signal?: AbortSignal;
}

export interface ChooseIntentResult extends IntentChoice {
  model: string;
  usage: TokenUsage;
  costUsd: number | null;
}

export interface LlmProvider {
  readonly isConfigured: boolean;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  embed(request: EmbedRequest): Promise<EmbedResult>;
  chooseIntent(request: ChooseIntentRequest): Promise<ChooseIntentResult>;
}

/** Raised by our own code around the caller's onToken so its errors pass through untouched and unretried. */
class OnTokenFailure {
  constructor(readonly error: unknown) {}
}

const embeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number(), total_tokens: z.number() }).nullish(),
});

const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() });

/**
 * OpenRouter (or any OpenAI-compatible server) through the official `openai`
 * SDK. The SDK's own retries are off (maxRetries: 0): retrying here lets us
 * stop after a stream has shown text, fall back to another model, and test
 * the schedule with an injected sleep.
 */
export function createLlmProvider(options: LlmProviderOptions): LlmProvider {
  const apiKey = options.apiKey?.trim() ?? "";
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = Math.max(0, options.maxRetries ?? 2);
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const backoff = { baseDelayMs: options.retryBaseDelayMs ?? 300, maxDelayMs: options.retryMaxDelayMs ?? 5_000, random };

  const client =
    apiKey === ""
      ? null
      : new OpenAI({
          apiKey,
          baseURL: options.baseURL ?? OPENROUTER_BASE_URL,
          timeout: timeoutMs,
          maxRetries: 0,
          defaultHeaders: { "HTTP-Referer": options.referer, "X-Title": options.title },
          ...(options.fetch ? { fetch: options.fetch } : {}),
        });

  function requireClient(): OpenAI {
    if (!client) throw new LlmNotConfiguredError();
    return client;
  }

  function fallbackFor(model: string): string | null {
    if (options.fallbackModel === null) return null;
    const fallback = options.fallbackModel ?? fallbackModelFor(model);
    return fallback === model ? null : fallback;
  }

  /**
   * One attempt with its own time limit. `touch` restarts the limit: a
   * stream that keeps sending is alive however long the reply is.
   */
  async function runAttempt<T>(model: string, callerSignal: AbortSignal | undefined, attempt: (signal: AbortSignal, touch: () => void) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let hasTimedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hasTimedOut = true;
        controller.abort(new LlmTimeoutError(model, timeoutMs));
      }, timeoutMs);
    };
    const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
    touch();
    try {
      return await attempt(signal, touch);
    } catch (error) {
      if (error instanceof OnTokenFailure || error instanceof LlmStreamInterruptedError) throw error;
      if (callerSignal?.aborted) throw new LlmAbortedError(model, callerSignal.reason);
      if (hasTimedOut) throw new LlmTimeoutError(model, timeoutMs, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Tries `models[0]` up to 1 + maxRetries times with backoff, then each
   * further model once. Non-retryable failures end it at once.
   */
  async function withRetries<T>(
    models: readonly string[],
    signal: AbortSignal | undefined,
    attempt: (model: string, signal: AbortSignal, touch: () => void) => Promise<T>,
  ): Promise<{ value: T; model: string; attempts: number; isFallback: boolean }> {
    let attempts = 0;
    let lastFailure: LlmError | undefined;
    for (const [index, model] of models.entries()) {
      const tries = index === 0 ? maxRetries + 1 : 1;
      for (let retry = 0; retry < tries; retry++) {
        if (retry > 0 && lastFailure) {
          try {
            await sleep(computeBackoffMs(retry - 1, backoff, lastFailure.details.retryAfterMs), signal);
          } catch (error) {
            throw new LlmAbortedError(model, error);
          }
        }
        if (signal?.aborted) throw new LlmAbortedError(model, signal.reason);
        attempts++;
        try {
          const value = await runAttempt(model, signal, (attemptSignal, touch) => attempt(model, attemptSignal, touch));
          return { value, model, attempts, isFallback: index > 0 };
        } catch (error) {
          if (error instanceof OnTokenFailure) throw error.error;
          const failure = toLlmError(error, model, now);
          if (!failure.isRetryable) throw failure;
          lastFailure = failure;
        }
      }
    }
    throw new LlmUnavailableError(models, attempts, lastFailure ?? new LlmError("unavailable", "No attempt was made.", {}));
  }

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    const openai = requireClient();
    const messages = messagesOf(request);
    const primary = request.model?.trim() || DEFAULT_MODEL_ID;
    const fallback = fallbackFor(primary);
    const models = fallback ? [primary, fallback] : [primary];
    const { onToken } = request;
    const bodyFor = (model: string): ChatCompletionCreateParamsBase => ({
      model,
      messages: messages.map((message) => ({ role: message.role, content: message.content })),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      // max_tokens rather than max_completion_tokens: the name OpenRouter and most compatible servers read.
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      ...(request.responseFormat === "json_object" ? { response_format: { type: "json_object" as const } } : {}),
    });

    const outcome = await withRetries(models, request.signal, async (model, signal, touch) => {
      if (!onToken) {
        const completion = await openai.chat.completions.create({ ...bodyFor(model), stream: false }, { signal, timeout: timeoutMs });
        const choice = completion.choices?.[0];
        const text = choice?.message?.content;
        if (typeof text !== "string") throw new LlmInvalidResponseError(model, "the reply has no text.", { isRetryable: true });
        return { text, finishReason: choice?.finish_reason ?? "stop", usage: completion.usage };
      }
      const stream = await openai.chat.completions.create(
        { ...bodyFor(model), stream: true, stream_options: { include_usage: true } },
        { signal, timeout: timeoutMs },
      );
      let text = "";
      let finishReason: string | null = null;
      let usage: unknown;
      try {
        for await (const chunk of stream) {
          touch();
          if (chunk.usage) usage = chunk.usage;
          const choice = chunk.choices?.[0];
          const piece = choice?.delta?.content;
          if (typeof piece === "string" && piece !== "") {
            text += piece;
            try {
              onToken(piece);
            } catch (error) {
              throw new OnTokenFailure(error);
            }
          }
          if (choice?.finish_reason) finishReason = choice.finish_reason;
        }
        // The SDK ends the iteration quietly when the request is aborted (our time limit).
        if (signal.aborted) throw signal.reason;
        if (finishReason === null) throw new LlmInvalidResponseError(model, "the stream ended before the reply was complete.", { isRetryable: true });
      } catch (error) {
        if (text !== "" && !(error instanceof OnTokenFailure) && !request.signal?.aborted) {
          throw new LlmStreamInterruptedError(model, text, error);
        }
        throw error;
      }
      return { text, finishReason, usage };
    });

    const usage = usageOf(outcome.value.usage, messages, outcome.value.text);
    return {
      text: outcome.value.text,
      model: outcome.model,
      usage,
      costUsd: costOf(outcome.model, usage),
      finishReason: outcome.value.finishReason,
      isFallback: outcome.isFallback,
      attempts: outcome.attempts,
    };
  }

  async function embed(request: EmbedRequest): Promise<EmbedResult> {
    const openai = requireClient();
    if (request.input.length === 0) return { vectors: [], model: request.model, usage: { promptTokens: 0, totalTokens: 0 }, costUsd: costOf(request.model, { promptTokens: 0, completionTokens: 0 }) };
    // No fallback: vectors from another model live in another space.
    const outcome = await withRetries([request.model], request.signal, async (model, signal) => {
      const response = await openai.embeddings.create(
        {
          model,
          input: [...request.input],
          encoding_format: "float",
          ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
        },
        { signal, timeout: timeoutMs },
      );
      const parsed = embeddingsResponseSchema.safeParse(response);
      if (!parsed.success) throw new LlmInvalidResponseError(model, "the embeddings are malformed.", { cause: parsed.error });
      const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      if (vectors.length !== request.input.length) {
        throw new LlmInvalidResponseError(model, `expected ${request.input.length} embeddings, got ${vectors.length}.`);
      }
      return { vectors, usage: parsed.data.usage };
    });
    const reported = outcome.value.usage;
    const estimated = request.input.reduce((sum, text) => sum + estimateTokens(text), 0);
    const usage = reported
      ? { promptTokens: reported.prompt_tokens, totalTokens: reported.total_tokens }
      : { promptTokens: estimated, totalTokens: estimated, isEstimated: true };
    return { vectors: outcome.value.vectors, model: outcome.model, usage, costUsd: costOf(outcome.model, { promptTokens: usage.promptTokens, completionTokens: 0 }) };
  }

  async function chooseIntent(request: ChooseIntentRequest): Promise<ChooseIntentResult> {
    requireClient();
    const reply = await generate({
      model: request.model,
      messages: buildIntentChoiceMessages(request.text, request.intents),
      temperature: 0,
      maxTokens: 60,
      responseFormat: "json_object",
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return { ...parseIntentChoice(reply.text, request.intents), model: reply.model, usage: reply.usage, costUsd: reply.costUsd };
  }

  return { isConfigured: client !== null, generate, embed, chooseIntent };
}

function messagesOf(request: GenerateRequest): ChatMessage[] {
  if (request.messages && request.messages.length > 0) return [...request.messages];
  if (request.prompt === undefined) throw new TypeError("generate() needs `messages` or a `prompt`.");
  return [...(request.systemPrompt ? [{ role: "system" as const, content: request.systemPrompt }] : []), { role: "user", content: request.prompt }];
}

function usageOf(reported: unknown, messages: readonly ChatMessage[], text: string): TokenUsage {
  const parsed = usageSchema.safeParse(reported);
  if (parsed.success) {
    return { promptTokens: parsed.data.prompt_tokens, completionTokens: parsed.data.completion_tokens, totalTokens: parsed.data.total_tokens };
  }
  const promptTokens = messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  const completionTokens = estimateTokens(text);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, isEstimated: true };
}

const retryableStatuses = new Set([408, 409, 425, 429]);

/** Sorts any failure into retryable or not, with a message an owner can act on. */
function toLlmError(error: unknown, model: string, now: () => number): LlmError {
  if (error instanceof LlmError) return error;
  if (error instanceof APIUserAbortError) return new LlmAbortedError(model, error);
  if (error instanceof APIConnectionTimeoutError) return new LlmError("timeout", `The AI model ${model} did not answer in time.`, { model, isRetryable: true, cause: error });
  if (error instanceof APIConnectionError) {
    return new LlmError("unavailable", `Could not reach the AI provider for ${model}: ${error.message}`, { model, isRetryable: true, cause: error });
  }
  if (error instanceof APIError) {
    const status = error.status;
    if (status === undefined || status >= 500 || retryableStatuses.has(status)) {
      const retryAfterMs = retryAfterOf(error.headers, now);
      return new LlmError("unavailable", `The AI provider answered ${status ?? "with an error"} for ${model}: ${error.message}`, {
        model,
        isRetryable: true,
        cause: error,
        ...(status === undefined ? {} : { status }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    return new LlmRequestRejectedError(model, status, providerMessageOf(error), error);
  }
  // fetch's own failures ("fetch failed", "terminated") are lost connections.
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError("unavailable", `Could not reach the AI provider for ${model}: ${message}`, { model, isRetryable: true, cause: error });
}

function providerMessageOf(error: APIError): string {
  const body = z.object({ message: z.string() }).safeParse(error.error);
  return body.success ? body.data.message : error.message;
}

/** Retry-After as OpenAI (retry-after-ms) and HTTP (seconds or a date) send it. */
function retryAfterOf(headers: Headers | undefined, now: () => number): number | undefined {
  const ms = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
