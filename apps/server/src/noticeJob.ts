import type { NoticeRun } from "@chatwright/api";

export interface NoticeJobOptions {
  /** One pass (in the server: sendNoticeEmails on the pool, now). */
  send: () => Promise<NoticeRun>;
  everyMs?: number;
  onRun?: (run: NoticeRun) => void;
  onError?: (error: unknown) => void;
}

/**
 * Emails the background notices (a visitor waiting with nobody online, the
 * quota at 80 % / 100 %) every minute. Every process may run it: each notice
 * is claimed in the database before it is sent, so it goes once. A run never
 * overlaps the previous one; the timer does not keep the process alive.
 */
export function startNoticeJob(options: NoticeJobOptions): { stop(): void } {
  let isRunning = false;
  const interval = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    options
      .send()
      .then(
        (run) => options.onRun?.(run),
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        isRunning = false;
      });
  }, options.everyMs ?? 60_000);
  interval.unref();
  return { stop: () => clearInterval(interval) };
}
