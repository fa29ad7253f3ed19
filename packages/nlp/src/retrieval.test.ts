import { describe, expect, it } from "vitest";
import { cosineSimilarity, rankPassages, reciprocalRankFusion } from "./retrieval.ts";

describe("reciprocalRankFusion", () => {
  it("sums 1 / (k + rank) over rankings", () => {
    const fused = reciprocalRankFusion([["a", "b", "c"], ["b", "a"]], 60);
    expect(fused.map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[2]?.score).toBeCloseTo(1 / 63, 12);
  });

  it("lets an id ranked well in several lists beat one ranked first once", () => {
    const fused = reciprocalRankFusion([["x", "y"], ["z", "y"], ["w", "y"]], 1);
    expect(fused[0]?.id).toBe("y");
  });

  it("returns nothing for no rankings", () => {
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});

describe("cosineSimilarity", () => {
  it("is 1 for parallel, 0 for orthogonal, -1 for opposite vectors", () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity(new Float32Array([3, 4]), [4, 3])).toBeCloseTo(24 / 25, 6);
  });

  it("is 0 for a zero vector and throws on different lengths", () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/different lengths/);
  });
});

describe("rankPassages", () => {
  const passages = [
    { id: "shipping", text: "We ship worldwide. Delivery takes 3 to 5 business days." },
    { id: "returns", text: "You can return any item within 30 days for a full refund." },
    { id: "payment", text: "We accept credit cards and PayPal." },
  ];

  it("puts the passage that answers the question first", () => {
    expect(rankPassages("how long does delivery take", passages)[0]?.id).toBe("shipping");
    expect(rankPassages("can I get my money back", passages)[0]?.id).toBe("returns");
    expect(rankPassages("do you take visa credit cards", passages, { isEmbeddingUsed: false })[0]?.id).toBe("payment");
  });

  it("leaves out passages with no lexical match when vectors are off", () => {
    expect(rankPassages("refund", passages, { isEmbeddingUsed: false }).map((r) => r.id)).toEqual(["returns"]);
  });
});
