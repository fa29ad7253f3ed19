export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** No wait is longer than this, whatever the attempt or Retry-After says. */
  maxDelayMs: number;
  /** 0 <= random() < 1 */
  random: () => number;
}

/**
 * How long to wait before retry number `retry` (0 for the first retry):
 * exponential growth with "equal jitter" (half fixed, half random), so
 * clients that failed together do not all come back together. A server's
 * Retry-After wins when it asks for longer.
 */
export function computeBackoffMs(retry: number, options: BackoffOptions, retryAfterMs?: number): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  const jittered = exponential / 2 + options.random() * (exponential / 2);
  const wanted = retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
  return Math.round(Math.min(options.maxDelayMs, wanted));
}

/** Waits `ms`; rejects early with the signal's reason when it aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
