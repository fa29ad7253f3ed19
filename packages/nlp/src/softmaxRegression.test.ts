import { describe, expect, it } from "vitest";
import { softmaxInPlace, softmaxProbabilities, trainSoftmaxRegression, type SparseRow } from "./softmaxRegression.ts";

// three classes, each marked by its own feature (0, 1, 2), plus a shared noise feature 3
const row = (marker: number, noise: number): SparseRow => ({ indices: [marker, 3], values: [1, noise] });
const rows = [row(0, 0.2), row(0, 0.5), row(1, 0.1), row(1, 0.4), row(2, 0.3), row(2, 0.6)];
const labels = [0, 0, 1, 1, 2, 2];
const argmax = (xs: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] ?? 0) > (xs[best] ?? 0)) best = i;
  return best;
};

describe("trainSoftmaxRegression", () => {
  it("learns separable toy data", () => {
    const model = trainSoftmaxRegression(rows, labels, 3, 4, { epochs: 20 });
    rows.forEach((r, n) => expect(argmax(softmaxProbabilities(model, r))).toBe(labels[n]));
    // an unseen row with class 2's marker
    const p = softmaxProbabilities(model, { indices: [2], values: [1] });
    expect(argmax(p)).toBe(2);
    expect(p[2]).toBeGreaterThan(0.6);
  });

  it("is deterministic", () => {
    const a = trainSoftmaxRegression(rows, labels, 3, 4, { epochs: 5 });
    const b = trainSoftmaxRegression(rows, labels, 3, 4, { epochs: 5 });
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(Array.from(b.biases)).toEqual(Array.from(a.biases));
  });

  it("gives probabilities that sum to one", () => {
    const model = trainSoftmaxRegression(rows, labels, 3, 4);
    const p = softmaxProbabilities(model, row(1, 0.3));
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
    for (const x of p) expect(x).toBeGreaterThan(0);
  });

  it("handles one class and one example", () => {
    const single = trainSoftmaxRegression([row(0, 1)], [0], 1, 4);
    expect(Array.from(softmaxProbabilities(single, row(0, 1)))).toEqual([1]);
    const twoClassesOneExample = trainSoftmaxRegression([row(0, 1), row(1, 1)], [0, 1], 2, 4, { epochs: 10 });
    expect(argmax(softmaxProbabilities(twoClassesOneExample, row(0, 0)))).toBe(0);
    expect(argmax(softmaxProbabilities(twoClassesOneExample, row(1, 0)))).toBe(1);
  });

  it("ignores features outside the model and rows without a valid label", () => {
    const model = trainSoftmaxRegression([...rows, row(1, 0.2)], [...labels, 7], 3, 4, { epochs: 20 });
    const p = softmaxProbabilities(model, { indices: [0, 99, -1], values: [1, 5, 5] });
    expect(argmax(p)).toBe(0);
  });

  it("restricted to the nearest classes (candidateCount) still separates them", () => {
    // 6 classes, candidates: the label and the 2 nearest centroids
    const many: SparseRow[] = Array.from({ length: 12 }, (_, n) => ({ indices: [n % 6, 6], values: [1, (n % 4) / 4] }));
    const manyLabels = many.map((_, n) => n % 6);
    const model = trainSoftmaxRegression(many, manyLabels, 6, 7, { epochs: 20, candidateCount: 2 });
    many.forEach((r, n) => expect(argmax(softmaxProbabilities(model, r))).toBe(manyLabels[n]));
  });

  it("learns class biases only when asked (a bias favours the class with more rows)", () => {
    const skewed = [row(0, 0), row(0, 0), row(0, 0), row(1, 0)];
    const skewedLabels = [0, 0, 0, 1];
    const empty: SparseRow = { indices: [], values: [] };
    const withBias = softmaxProbabilities(trainSoftmaxRegression(skewed, skewedLabels, 2, 4, { isBiasLearned: true }), empty);
    expect(withBias[0]).toBeGreaterThan(withBias[1] ?? 1);
    const without = softmaxProbabilities(trainSoftmaxRegression(skewed, skewedLabels, 2, 4), empty);
    expect(without[0]).toBeCloseTo(0.5, 10);
  });

  it("warm-starts from the class centroids when asked", () => {
    const model = trainSoftmaxRegression(rows, labels, 3, 4, { epochs: 0, initialScale: 5 });
    expect(argmax(softmaxProbabilities(model, row(1, 0)))).toBe(1);
  });
});

describe("softmaxInPlace", () => {
  it("is stable for large logits", () => {
    const p = softmaxInPlace(Float64Array.from([1000, 1000, 0]));
    expect(p[0]).toBeCloseTo(0.5, 10);
    expect(p[2]).toBeCloseTo(0, 10);
  });
});
