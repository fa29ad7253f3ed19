import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedAnswerSchema, createAnswerCache, type AnswerCacheStore, type CachedAnswer } from "@chatwright/llm";
import { createRedisAnswerStore } from "./createRedisAnswerStore";
import { connectTestRedis, type TestRedis } from "./testing";

let redis: TestRedis;
let a: AnswerCacheStore;
let b: AnswerCacheStore;

beforeAll(async () => {
  redis = await connectTestRedis();
  a = createRedisAnswerStore((await redis.connect()).commands);
  b = createRedisAnswerStore((await redis.connect()).commands);
});
afterAll(async () => {
  await redis?.cleanUp();
});

describe("the answer cache store in Redis", () => {
  it("gets, sets with and without a TTL, and deletes", async () => {
    const key = `${redis.prefix}answers:plain`;
    expect(await a.get(key)).toBeNull();
    await a.set(key, "kept");
    expect(await b.get(key)).toBe("kept");
    await b.del(key);
    expect(await a.get(key)).toBeNull();

    const brief = `${redis.prefix}answers:brief`;
    await a.set(brief, "soon gone", 150);
    expect(await b.get(brief)).toBe("soon gone");
    await expect.poll(() => b.get(brief), { timeout: 2_000 }).toBeNull();
  });

  it("serves one process's cached answer to another, and an invalidation on one to both", async () => {
    const cacheOf = (store: AnswerCacheStore) =>
      createAnswerCache<CachedAnswer>({ store, ttlMs: 60_000, parse: (value) => cachedAnswerSchema.parse(value), keyPrefix: `${redis.prefix}answers` });
    const onA = cacheOf(a);
    const onB = cacheOf(b);
    const answer: CachedAnswer = { text: "Returns are free within 30 days.", citedChunkIds: ["c1"], model: "m" };
    let computed = 0;
    const compute = async () => {
      computed += 1;
      return answer;
    };
    expect(await onA.getOrCompute("bot-1", "How do I return an item?", compute)).toEqual({ value: answer, isHit: false });
    expect(await onB.getOrCompute("bot-1", "how do i RETURN an item", compute)).toEqual({ value: answer, isHit: true });
    expect(computed).toBe(1);

    await onB.invalidateBot("bot-1");
    expect(await onA.get("bot-1", "How do I return an item?")).toBeNull();
    expect(await onA.getOrCompute("bot-1", "How do I return an item?", compute)).toEqual({ value: answer, isHit: false });
    expect(computed).toBe(2);
    // Another bot's answers are untouched by the invalidation.
    await onA.set("bot-2", "shipping?", answer);
    await onB.invalidateBot("bot-1");
    expect(await onB.get("bot-2", "shipping?")).toEqual(answer);
  });
});
