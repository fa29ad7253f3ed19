import type { AnswerCacheStore } from "./answerCacheStore.ts";

export interface MemoryAnswerStoreOptions {
  /** Least recently used entries go first beyond this. Default 1000. */
  maxEntries?: number;
  now?: () => number;
}

export interface MemoryAnswerStore extends AnswerCacheStore {
  readonly size: number;
}

/**
 * An in-process LRU with per-entry expiry, for one server process without
 * Redis. A Map keeps insertion order, so re-inserting on read makes the
 * first key the least recently used.
 */
export function createMemoryAnswerStore(options: MemoryAnswerStoreOptions = {}): MemoryAnswerStore {
  const maxEntries = Math.max(1, options.maxEntries ?? 1000);
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: string; expiresAt: number }>();

  return {
    get size() {
      return entries.size;
    },
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      entries.delete(key);
      if (entry.expiresAt <= now()) return null;
      entries.set(key, entry);
      return entry.value;
    },
    async set(key, value, ttlMs) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    async del(key) {
      entries.delete(key);
    },
  };
}
