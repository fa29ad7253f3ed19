/**
 * Fixed-window counters for widget traffic. `createRateLimiter` keeps them in
 * this process; with several server processes `@chatwright/redis` keeps them
 * in Redis behind the same interface (ARCHITECTURE.md, "Several processes").
 */
export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface WidgetRateLimits {
  /** Messages a visitor may send. */
  visitor: RateLimitRule;
  /** Widget calls from one IP address (all visitors behind it). */
  ip: RateLimitRule;
  /** Messages one bot accepts from all its visitors together. */
  bot: RateLimitRule;
  /** New conversations one IP address may start. */
  newConversationsPerIp: RateLimitRule;
}

export const DEFAULT_WIDGET_RATE_LIMITS: WidgetRateLimits = {
  visitor: { limit: 20, windowMs: 60_000 },
  ip: { limit: 300, windowMs: 60_000 },
  bot: { limit: 3_000, windowMs: 60_000 },
  newConversationsPerIp: { limit: 20, windowMs: 10 * 60_000 },
};

export interface RateLimiter {
  /**
   * Counts one hit for each key, all or nothing: when any key is over its
   * limit nothing is counted and the blocked key and wait are returned.
   */
  take(hits: RateLimitHit[], now: number): Promise<RateLimitResult>;
}

export interface RateLimitHit {
  key: string;
  rule: RateLimitRule;
}

export type RateLimitResult = { ok: true } | { ok: false; key: string; retryAfterMs: number };

export function createRateLimiter(options: { maxKeys?: number } = {}): RateLimiter {
  const maxKeys = options.maxKeys ?? 200_000;
  const windows = new Map<string, { startedAt: number; count: number }>();
  const current = (key: string, rule: RateLimitRule, now: number) => {
    const window = windows.get(key);
    return window && now - window.startedAt < rule.windowMs ? window : { startedAt: now, count: 0 };
  };
  return {
    async take(hits, now) {
      const states = hits.map((hit) => ({ ...hit, window: current(hit.key, hit.rule, now) }));
      const blocked = states.find((s) => s.window.count >= s.rule.limit);
      if (blocked) return { ok: false, key: blocked.key, retryAfterMs: blocked.window.startedAt + blocked.rule.windowMs - now };
      for (const s of states) {
        windows.set(s.key, { startedAt: s.window.startedAt, count: s.window.count + 1 });
        if (windows.size > maxKeys) windows.delete(windows.keys().next().value ?? s.key);
      }
      return { ok: true };
    },
  };
}
