import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { AnswerCacheStore } from "./answerCacheStore.ts";
import { createMemoryAnswerStore } from "./createMemoryAnswerStore.ts";

export interface AnswerCacheOptions<T> {
  /** Redis (through the AnswerCacheStore shape) or, by default, an in-process LRU. */
  store?: AnswerCacheStore;
  ttlMs: number;
  /** Checks a cached value read back from the store (e.g. `schema.parse`); a throw counts as a miss. */
  parse: (value: unknown) => T;
  /** How questions are compared; pass @chatwright/nlp's normalizeText to share its rules. */
  normalize?: (question: string) => string;
  now?: () => number;
  /** Unique generation tokens; injected for tests. */
  createGeneration?: () => string;
  /** Namespace for the keys in a shared Redis. Default "chatwright:answers". */
  keyPrefix?: string;
  /**
   * Given: a store that fails (Redis away) makes lookups misses and writes
   * no-ops, reported here, so answers are computed instead of failing.
   * Invalidation still throws: a lost one could serve stale answers later.
   * Not given: store errors reach the caller.
   */
  onStoreError?: (error: unknown, during: "read" | "write") => void;
}

export interface AnswerCache<T> {
  get(botId: string, question: string): Promise<T | null>;
  set(botId: string, question: string, value: T): Promise<void>;
  /**
   * A cached value, or `compute()`'s, stored under the generation seen
   * before computing: an answer computed from a knowledge base that changed
   * meanwhile is never served afterwards.
   */
  getOrCompute(botId: string, question: string, compute: () => Promise<T>): Promise<{ value: T; isHit: boolean }>;
  /** Forget every cached answer of the bot (its knowledge base or flow changed). O(1). */
  invalidateBot(botId: string): Promise<void>;
}

/** Lowercase, with runs of whitespace and punctuation collapsed to one space. */
export function normalizeQuestion(question: string): string {
  return question
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, " ")
    .trim();
}

const envelopeSchema = z.object({ expiresAt: z.number(), value: z.unknown() });

/**
 * Answers keyed by bot + normalised question. Each bot has a generation
 * token that is part of every key; invalidation writes a new token. A bot
 * whose token is missing (never set, or evicted) gets a fresh one, so an
 * evicted token can never revive old entries.
 */
export function createAnswerCache<T>(options: AnswerCacheOptions<T>): AnswerCache<T> {
  const store = options.store ?? createMemoryAnswerStore({ ...(options.now ? { now: options.now } : {}) });
  const now = options.now ?? Date.now;
  const normalize = options.normalize ?? normalizeQuestion;
  const createGeneration = options.createGeneration ?? (() => randomUUID());
  const prefix = options.keyPrefix ?? "chatwright:answers";
  const generationKey = (botId: string) => `${prefix}:gen:${botId}`;

  /** Runs a store operation; with `onStoreError` a failure is reported and answers `fallback`. */
  async function tolerate<R>(during: "read" | "write", operation: () => Promise<R>, fallback: R): Promise<R> {
    if (!options.onStoreError) return operation();
    try {
      return await operation();
    } catch (error) {
      options.onStoreError(error, during);
      return fallback;
    }
  }

  /** Null when the store cannot say (only with `onStoreError`): nothing is read or written then. */
  async function currentGeneration(botId: string): Promise<string | null> {
    const existing = await tolerate("read", () => store.get(generationKey(botId)), undefined);
    if (existing === undefined) return null;
    if (existing) return existing;
    const fresh = createGeneration();
    const isStored = await tolerate("write", () => store.set(generationKey(botId), fresh).then(() => true), false);
    return isStored ? fresh : null;
  }

  function entryKey(botId: string, generation: string | null, question: string): string | null {
    if (generation === null) return null;
    const normalized = normalize(question);
    if (normalized === "") return null;
    const digest = createHash("sha256").update(normalized).digest("base64url");
    return `${prefix}:${botId}:${generation}:${digest}`;
  }

  async function read(key: string): Promise<T | null> {
    const raw = await tolerate("read", () => store.get(key), null);
    if (raw === null) return null;
    try {
      const envelope = envelopeSchema.parse(JSON.parse(raw));
      if (envelope.expiresAt <= now()) return null;
      return options.parse(envelope.value);
    } catch {
      await tolerate("write", () => store.del(key), undefined);
      return null;
    }
  }

  async function write(key: string, value: T): Promise<void> {
    await tolerate("write", () => store.set(key, JSON.stringify({ expiresAt: now() + options.ttlMs, value }), options.ttlMs), undefined);
  }

  return {
    async get(botId, question) {
      const key = entryKey(botId, await currentGeneration(botId), question);
      return key ? read(key) : null;
    },
    async set(botId, question, value) {
      const key = entryKey(botId, await currentGeneration(botId), question);
      if (key) await write(key, value);
    },
    async getOrCompute(botId, question, compute) {
      const key = entryKey(botId, await currentGeneration(botId), question);
      const cached = key ? await read(key) : null;
      if (cached !== null) return { value: cached, isHit: true };
      const value = await compute();
      if (key) await write(key, value);
      return { value, isHit: false };
    },
    async invalidateBot(botId) {
      await store.set(generationKey(botId), createGeneration());
    },
  };
}

/** The usual cached value: a generated answer and the knowledge ids it cites. */
export const cachedAnswerSchema = z.object({
  text: z.string(),
  citedChunkIds: z.array(z.string()),
  model: z.string().nullable(),
});
export type CachedAnswer = z.infer<typeof cachedAnswerSchema>;
