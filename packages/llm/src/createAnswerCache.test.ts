import { describe, expect, it } from "vitest";
import type { AnswerCacheStore } from "./answerCacheStore.ts";
import { cachedAnswerSchema, createAnswerCache, normalizeQuestion, type CachedAnswer } from "./createAnswerCache.ts";
import { createMemoryAnswerStore } from "./createMemoryAnswerStore.ts";

/** What a Redis adapter looks like to the cache: a Map behind the same interface, expiring by the same clock. */
function createMapStore(now: () => number): AnswerCacheStore & { map: Map<string, { value: string; expiresAt: number }> } {
  const map = new Map<string, { value: string; expiresAt: number }>();
  return {
    map,
    async get(key) {
      const entry = map.get(key);
      return entry && entry.expiresAt > now() ? entry.value : null;
    },
    async set(key, value, ttlMs) {
      map.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
    },
    async del(key) {
      map.delete(key);
    },
  };
}

const answer = (text: string): CachedAnswer => ({ text, citedChunkIds: ["kb_1"], model: "openai/gpt-4o-mini" });

const stores = {
  "in-process LRU": (now: () => number) => createMemoryAnswerStore({ now }),
  "Map-backed fake of the Redis interface": (now: () => number) => createMapStore(now),
};

describe.each(Object.entries(stores))("answer cache over the %s store", (_name, makeStore) => {
  function setup() {
    let clock = 1_000_000;
    const now = () => clock;
    let generation = 0;
    const cache = createAnswerCache({
      store: makeStore(now),
      ttlMs: 60_000,
      now,
      parse: (value) => cachedAnswerSchema.parse(value),
      createGeneration: () => `g${++generation}`,
    });
    return { cache, advance: (ms: number) => (clock += ms) };
  }

  it("misses, then hits for the same normalised question of the same bot only", async () => {
    const { cache } = setup();
    expect(await cache.get("bot1", "When do you open?")).toBeNull();
    await cache.set("bot1", "When do you open?", answer("At nine [1]."));
    expect(await cache.get("bot1", "  when   DO you open ")).toEqual(answer("At nine [1]."));
    expect(await cache.get("bot1", "When do you close?")).toBeNull();
    expect(await cache.get("bot2", "When do you open?")).toBeNull();
  });

  it("expires entries after the TTL", async () => {
    const { cache, advance } = setup();
    await cache.set("bot1", "hours?", answer("9-17"));
    advance(59_999);
    expect(await cache.get("bot1", "hours?")).not.toBeNull();
    advance(2);
    expect(await cache.get("bot1", "hours?")).toBeNull();
  });

  it("invalidates one bot's answers and no other's", async () => {
    const { cache } = setup();
    await cache.set("bot1", "hours?", answer("9-17"));
    await cache.set("bot2", "hours?", answer("10-18"));
    await cache.invalidateBot("bot1");
    expect(await cache.get("bot1", "hours?")).toBeNull();
    expect(await cache.get("bot2", "hours?")).toEqual(answer("10-18"));
    await cache.set("bot1", "hours?", answer("8-16"));
    expect(await cache.get("bot1", "hours?")).toEqual(answer("8-16"));
  });

  it("computes once and never serves an answer computed across an invalidation", async () => {
    const { cache } = setup();
    let calls = 0;
    const compute = async () => answer(`answer ${++calls}`);
    expect(await cache.getOrCompute("bot1", "hours?", compute)).toEqual({ value: answer("answer 1"), isHit: false });
    expect(await cache.getOrCompute("bot1", "Hours?!", compute)).toEqual({ value: answer("answer 1"), isHit: true });

    const stale = await cache.getOrCompute("bot1", "returns?", async () => {
      await cache.invalidateBot("bot1"); // the knowledge base changes while the model is answering
      return answer("old returns policy");
    });
    expect(stale.isHit).toBe(false);
    expect(await cache.get("bot1", "returns?")).toBeNull();
  });

  it("treats an entry that no longer parses, and an empty question, as a miss", async () => {
    const { cache } = setup();
    const strict = createAnswerCache<CachedAnswer>({
      store: createMapStore(() => 0),
      ttlMs: 1_000,
      parse: () => {
        throw new Error("old shape");
      },
    });
    await strict.set("bot1", "q", answer("x"));
    expect(await strict.get("bot1", "q")).toBeNull();
    expect(await cache.get("bot1", "")).toBeNull();
  });
});

describe("answer cache keys and store", () => {
  it("normalises case, whitespace and punctuation", () => {
    expect(normalizeQuestion("  What's   your RETURN policy?!  ")).toBe("what s your return policy");
    expect(normalizeQuestion("Ｈｏｕｒｓ")).toBe("hours");
  });

  it("uses a caller's normalise function", async () => {
    const cache = createAnswerCache({ ttlMs: 1_000, parse: (value) => cachedAnswerSchema.parse(value), normalize: (question) => question.replace(/please/gi, "").trim().toLowerCase() });
    await cache.set("bot1", "Hours please", answer("9-17"));
    expect(await cache.get("bot1", "hours")).toEqual(answer("9-17"));
  });

  it("evicts the least recently used entries beyond the limit", async () => {
    const store = createMemoryAnswerStore({ maxEntries: 2, now: () => 0 });
    await store.set("a", "1");
    await store.set("b", "2");
    expect(await store.get("a")).toBe("1");
    await store.set("c", "3");
    expect(await store.get("b")).toBeNull();
    expect(await store.get("a")).toBe("1");
    expect(store.size).toBe(2);
  });

  it("does not revive old answers when the generation key is evicted", async () => {
    let generation = 0;
    const store = createMemoryAnswerStore({ maxEntries: 3, now: () => 0 });
    const cache = createAnswerCache({ store, ttlMs: 1_000, now: () => 0, parse: (value) => cachedAnswerSchema.parse(value), createGeneration: () => `g${++generation}` });
    await cache.set("bot1", "q", answer("v1"));
    // Push the bot's generation key out of the LRU.
    await store.set("x", "1");
    await store.set("y", "2");
    await store.set("z", "3");
    expect(await cache.get("bot1", "q")).toBeNull();
  });

  it("with onStoreError, computes answers while the store fails and caches again once it is back; invalidation still throws", async () => {
    const inner = createMemoryAnswerStore({ now: () => 0 });
    let isDown = false;
    const guard = async <R>(operation: () => Promise<R>) => {
      if (isDown) throw new Error("connection is closed");
      return operation();
    };
    const store: AnswerCacheStore = {
      get: (key) => guard(() => inner.get(key)),
      set: (key, value, ttlMs) => guard(() => inner.set(key, value, ttlMs)),
      del: (key) => guard(() => inner.del(key)),
    };
    const reported: string[] = [];
    const cache = createAnswerCache({ store, ttlMs: 1_000, now: () => 0, parse: (value) => cachedAnswerSchema.parse(value), onStoreError: (_error, during) => reported.push(during) });
    let computed = 0;
    const compute = async () => answer(`v${++computed}`);

    isDown = true;
    expect(await cache.getOrCompute("bot1", "q", compute)).toEqual({ value: answer("v1"), isHit: false });
    expect(await cache.getOrCompute("bot1", "q", compute)).toEqual({ value: answer("v2"), isHit: false });
    expect(await cache.get("bot1", "q")).toBeNull();
    await cache.set("bot1", "q", answer("unsaved"));
    expect(reported).toEqual(["read", "read", "read", "read"]);
    await expect(cache.invalidateBot("bot1")).rejects.toThrow("connection is closed");

    isDown = false;
    expect(await cache.getOrCompute("bot1", "q", compute)).toEqual({ value: answer("v3"), isHit: false });
    expect(await cache.getOrCompute("bot1", "q", compute)).toEqual({ value: answer("v3"), isHit: true });
  });

  it("without onStoreError, lets the store's errors through", async () => {
    const failing: AnswerCacheStore = {
      get: () => Promise.reject(new Error("down")),
      set: () => Promise.reject(new Error("down")),
      del: () => Promise.reject(new Error("down")),
    };
    const cache = createAnswerCache({ store: failing, ttlMs: 1_000, parse: (value) => cachedAnswerSchema.parse(value) });
    await expect(cache.get("bot1", "q")).rejects.toThrow("down");
  });
});
