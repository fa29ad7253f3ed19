import { describe, expect, it } from "vitest";
import { createSentenceEncoder, USE_LITE } from "./loadSentenceEncoder.ts";

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe("createSentenceEncoder (USE-lite, shipped in an npm package)", () => {
  const encoder = createSentenceEncoder();

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

  it("is deterministic: the same text alone, in another batch, or from the cache gives the same vector", async () => {
    const fresh = createSentenceEncoder({ cacheSize: 0 });
    const [alone] = await fresh.encode(["track my order please"]);
    const [, inBatch] = await fresh.encode(["something else entirely, a longer sentence", "track my order please"]);
    const [cached] = await encoder.encode(["track my order please"]);
    const [again] = await encoder.encode(["  track my order please  "]);
    if (!alone || !inBatch || !cached || !again) throw new Error("missing vectors");
    expect(cosine(alone, inBatch)).toBeCloseTo(1, 5);
    expect(cosine(alone, cached)).toBeCloseTo(1, 5);
    expect(again).toBe(cached);
  });
});
