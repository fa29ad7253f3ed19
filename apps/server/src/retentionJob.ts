import type { RetentionRun } from "@chatwright/api";

export interface RetentionJobOptions {
  /** One purge (in the server: purgeExpiredConversations on the pool, now). */
  purge: () => Promise<RetentionRun>;
  /** First run this long after start (the server is up and serving by then). */
  firstRunAfterMs?: number;
  everyMs?: number;
  onRun?: (run: RetentionRun) => void;
  onError?: (error: unknown) => void;
}

/**
 * Deletes conversations past their bot's retention, hourly. Every process
 * may run it: the purge takes an advisory lock, so one works and the others
 * skip. A run never overlaps the previous one; the timers do not keep the
 * process alive.
 */
export function startRetentionJob(options: RetentionJobOptions): { stop(): void } {
  let isRunning = false;
  async function runOnce() {
    if (isRunning) return;
    isRunning = true;
    try {
      options.onRun?.(await options.purge());
    } catch (error) {
      options.onError?.(error);
    } finally {
      isRunning = false;
    }
  }
  let interval: NodeJS.Timeout | null = null;
  const first = setTimeout(() => {
    void runOnce();
    interval = setInterval(() => void runOnce(), options.everyMs ?? 60 * 60_000);
    interval.unref();
  }, options.firstRunAfterMs ?? 60_000);
  first.unref();
  return {
    stop() {
      clearTimeout(first);
      if (interval) clearInterval(interval);
    },
  };
}
