import { afterAll, describe, expect, it } from "vitest";
import { createSentenceEncoder, USE_LITE } from "./loadSentenceEncoder.ts";

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe("createSentenceEncoder (USE-lite, shipped in an npm package)", () => {
  const encoder = createSentenceEncoder();
  const onMainThread = createSentenceEncoder({ thread: "main", cacheSize: 0 });
  afterAll(() => encoder.close());

  it("encodes each text to a 512-d unit vector, in order", async () => {
    const vectors = await encoder.encode(["where is my parcel", "I want my money back", ""]);
    expect(encoder.name).toBe(USE_LITE);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(cosine(v, v)).toBeCloseTo(1, 4);
    }
  });

  it("puts paraphrases with no word in common closer than unrelated sentences", async () => {
    const [refund, paraphrase, unrelated] = await encoder.encode(["I want my money back", "can I get a refund", "what is the weather like tomorrow"]);
    if (!refund || !paraphrase || !unrelated) throw new Error("missing vectors");
    expect(cosine(refund, paraphrase)).toBeGreaterThan(cosine(refund, unrelated) + 0.1);
  });

  it("is deterministic: the same text alone, in another batch, on either thread or from the cache gives the same vector", async () => {
    const [alone] = await onMainThread.encode(["track my order please"]);
    const [, inBatch] = await onMainThread.encode(["something else entirely, a longer sentence", "track my order please"]);
    const [inWorker] = await encoder.encode(["track my order please"]);
    const [cached] = await encoder.encode(["  track my order please  "]);
    if (!alone || !inBatch || !inWorker || !cached) throw new Error("missing vectors");
    expect(cosine(alone, inBatch)).toBeCloseTo(1, 5);
    expect(cosine(alone, inWorker)).toBeCloseTo(1, 5);
    expect(cached).toBe(inWorker);
  });

  it("encodes on its worker thread while this thread's event loop keeps turning", async () => {
    const texts = Array.from({ length: 256 }, (_, i) => `question number ${i} about delivery, returns and opening hours`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const vectors = await createSentenceEncoder({ cacheSize: 0 }).encode(texts);
      expect(vectors).toHaveLength(256);
    } finally {
      clearInterval(timer);
    }
    // ~1 s of encoding: a blocked loop would tick a handful of times at most between batches
    expect(ticks).toBeGreaterThan(20);
  });

  it("fails open requests when its worker stops, and starts a new one on the next call", async () => {
    const stopping = createSentenceEncoder({ cacheSize: 0 });
    await stopping.warmUp();
    const open = expect(stopping.encode(["a question still being encoded"])).rejects.toThrow(/closed/);
    await stopping.close();
    await open;
    const [again] = await stopping.encode(["a question after the restart"]);
    expect(again).toHaveLength(512);
    await stopping.close();
  });
});
