import type { WebhookSweep } from "@chatwright/api";

export interface WebhookJobOptions {
  /** One sweep (in the server: deliverDueWebhooks with the guarded HTTP client, now). */
  deliver: () => Promise<WebhookSweep>;
  everyMs?: number;
  onRun?: (run: WebhookSweep) => void;
  onError?: (error: unknown) => void;
}

/**
 * Sends due webhook deliveries every few seconds (new events, retries, test
 * events). Every process may run it: a delivery is claimed in the database
 * before it is sent. A sweep never overlaps the previous one; the timer does
 * not keep the process alive.
 */
export function startWebhookJob(options: WebhookJobOptions): { stop(): void } {
  let isRunning = false;
  const interval = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    options
      .deliver()
      .then(
        (run) => options.onRun?.(run),
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        isRunning = false;
      });
  }, options.everyMs ?? 5_000);
  interval.unref();
  return { stop: () => clearInterval(interval) };
}
