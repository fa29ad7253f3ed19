/**
 * Every failure of the provider is an `LlmError`, so the runtime can route
 * any of them to a node's `error` output with one `instanceof` check. The
 * messages are meant for the owner reading a conversation log.
 */
export type LlmErrorCode =
  | "not_configured"
  | "rejected"
  | "unavailable"
  | "timeout"
  | "stream_interrupted"
  | "aborted"
  | "invalid_response";

export class LlmError extends Error {
  override name = "LlmError";
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly details: { model?: string; status?: number; isRetryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  /** Worth another attempt: rate limits, server errors, timeouts, lost connections. */
  get isRetryable(): boolean {
    return this.details.isRetryable ?? false;
  }
}

export class LlmNotConfiguredError extends LlmError {
  override name = "LlmNotConfiguredError";
  constructor() {
    super("not_configured", "AI replies are not configured: set OPENROUTER_API_KEY");
  }
}

/** The provider refused the request (400, 401, 402, 403, 404, 422): retrying cannot help. */
export class LlmRequestRejectedError extends LlmError {
  override name = "LlmRequestRejectedError";
  constructor(model: string, status: number, providerMessage: string, cause?: unknown) {
    super("rejected", describeRejection(model, status, providerMessage), { model, status, isRetryable: false, cause });
  }
}

/** The model did not answer within the attempt's time limit. */
export class LlmTimeoutError extends LlmError {
  override name = "LlmTimeoutError";
  constructor(model: string, timeoutMs: number, cause?: unknown) {
    super("timeout", `The AI model ${model} did not answer within ${timeoutMs} ms.`, { model, isRetryable: true, cause });
  }
}

/**
 * Every attempt failed: retries of the requested model and the fallback.
 * `cause` is the last failure.
 */
export class LlmUnavailableError extends LlmError {
  override name = "LlmUnavailableError";
  constructor(
    readonly models: readonly string[],
    readonly attempts: number,
    cause: LlmError,
  ) {
    super(
      "unavailable",
      `The AI provider is not answering right now (${attempts} attempts with ${models.join(" and ")}; last error: ${cause.message}). Try again in a minute.`,
      { model: models[models.length - 1], status: cause.details.status, cause },
    );
  }
}

/**
 * A streamed reply broke off after part of it reached the visitor. It is not
 * retried, because the visitor would see the beginning twice; `partialText`
 * is what was already sent.
 */
export class LlmStreamInterruptedError extends LlmError {
  override name = "LlmStreamInterruptedError";
  constructor(
    model: string,
    readonly partialText: string,
    cause?: unknown,
  ) {
    super("stream_interrupted", `The AI reply from ${model} broke off after ${partialText.length} characters; it was not retried so the visitor does not see it twice.`, {
      model,
      isRetryable: false,
      cause,
    });
  }
}

export class LlmAbortedError extends LlmError {
  override name = "LlmAbortedError";
  constructor(model: string, cause?: unknown) {
    super("aborted", `The AI request to ${model} was cancelled.`, { model, isRetryable: false, cause });
  }
}

export class LlmInvalidResponseError extends LlmError {
  override name = "LlmInvalidResponseError";
  constructor(model: string, problem: string, options: { isRetryable?: boolean; cause?: unknown } = {}) {
    super("invalid_response", `The AI model ${model} sent an unusable response: ${problem}`, { model, isRetryable: options.isRetryable ?? false, cause: options.cause });
  }
}

function describeRejection(model: string, status: number, providerMessage: string): string {
  const detail = providerMessage ? ` (${providerMessage})` : "";
  switch (status) {
    case 401:
      return `The AI provider rejected the API key${detail}: check OPENROUTER_API_KEY.`;
    case 402:
      return `The AI provider account has run out of credits${detail}: top it up at openrouter.ai.`;
    case 403:
      return `The AI provider refused access to ${model}${detail}: check the key's permissions and the model's availability.`;
    case 404:
      return `The AI model ${model} does not exist at the provider${detail}: pick another model.`;
    default:
      return `The AI provider rejected the request to ${model} with status ${status}${detail}.`;
  }
}
