import { describe, expect, it } from "vitest";
import { leaveOneOutScores, quantile } from "./calibrateIntentModel.ts";
import { classifyIntent, scoreIntents } from "./classifyIntent.ts";
import { trainIntentClassifier } from "./trainIntentClassifier.ts";
import { firstPrincipalComponent, removeComponent } from "./wordVectors.ts";

const shopIntents = [
  { name: "track_order", examples: ["where is my order", "track my package", "has my parcel shipped yet", "when will my delivery arrive"] },
  { name: "return_item", examples: ["i want to return this", "how do i send an item back", "can i get a refund", "start a return"] },
  { name: "opening_hours", examples: ["when are you open", "what time do you close today", "opening hours on sunday", "store hours"] },
];

describe("leaveOneOutScores", () => {
  const model = trainIntentClassifier({ intents: shopIntents });

  it("scores each example without itself: below a self-match, mostly right", () => {
    const scores = leaveOneOutScores(model);
    expect(scores).toHaveLength(12);
    for (const s of scores) {
      expect(s.top).toBeLessThan(0.95);
      expect(s.second).toBeLessThanOrEqual(s.top);
    }
    expect(scores.filter((s) => s.isCorrect).length).toBeGreaterThanOrEqual(8);
    // an example scored normally (with itself in the model) matches itself
    const withItself = Math.max(...scoreIntents(model, "track my package"));
    const leftOut = scores.find((s) => s.intent === 0 && s.top < withItself);
    expect(leftOut).toBeDefined();
  });

  it("takes at most `limit` examples, round-robin over the intents", () => {
    const scores = leaveOneOutScores(model, 4);
    expect(scores.map((s) => s.intent)).toEqual([0, 1, 2, 0]);
  });

  it("skips intents with a single example (nothing to leave one out from)", () => {
    const single = trainIntentClassifier({ intents: [...shopIntents, { name: "greeting", examples: ["hello"] }] });
    expect(leaveOneOutScores(single).some((s) => s.intent === 3)).toBe(false);
  });

  it("sets the model's centre from its own examples when asked", () => {
    const calibrated = trainIntentClassifier({ intents: shopIntents, options: { calibrationQuantile: 0.2, calibrationOffset: 0.05 } });
    const tops = leaveOneOutScores(calibrated).map((s) => s.top);
    expect(calibrated.calibration.center).toBeCloseTo(quantile(tops, 0.2) - 0.05, 4);
    expect(classifyIntent(calibrated, "where is my order").best?.intent).toBe("track_order");
  });
});

describe("quantile", () => {
  it("interpolates between sorted values", () => {
    expect(quantile([3, 1, 2, 4], 0)).toBe(1);
    expect(quantile([3, 1, 2, 4], 1)).toBe(4);
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe("common component removal", () => {
  it("finds a unit principal direction deterministically and projects it out", () => {
    const vectors = [Float32Array.from([1, 0.1, 0]), Float32Array.from([0.9, -0.1, 0.1]), Float32Array.from([1, 0, -0.1])];
    const u = firstPrincipalComponent(vectors);
    expect(u).not.toBeNull();
    if (u === null) return;
    expect(Math.hypot(...u)).toBeCloseTo(1, 5);
    expect(Math.abs(u[0] ?? 0)).toBeGreaterThan(0.95);
    expect(firstPrincipalComponent(vectors)).toEqual(u);
    const projected = removeComponent(Float32Array.from([1, 0.5, 0]), u);
    expect(projected).not.toBeNull();
    let dot = 0;
    for (let i = 0; i < 3; i++) dot += (projected?.[i] ?? 0) * (u[i] ?? 0);
    expect(Math.abs(dot)).toBeLessThan(1e-5);
    expect(firstPrincipalComponent([Float32Array.from([1, 0])])).toBeNull();
  });

  it("is stored in the model and survives JSON", () => {
    const model = trainIntentClassifier({ intents: shopIntents });
    expect(model.commonComponent).toHaveLength(100);
    const without = trainIntentClassifier({ intents: shopIntents, options: { isCommonComponentRemoved: false } });
    expect(without.commonComponent).toBeUndefined();
    expect(classifyIntent(without, "where is my parcel").ranked[0]?.intent).toBe("track_order");
  });
});

describe("soft word alignment (off by default)", () => {
  it("records each example's words and ranks paraphrases when switched on", () => {
    const model = trainIntentClassifier({
      intents: shopIntents,
      options: { alignmentWeight: 0.2, lexicalCentroidWeight: 0.2, lexicalNearestWeight: 0.2, embeddingCentroidWeight: 0.2, embeddingNearestWeight: 0.2 },
    });
    expect(model.examples.every((e) => Array.isArray(e.words) && e.words.length > 0)).toBe(true);
    expect(classifyIntent(model, "where is my parcel").ranked[0]?.intent).toBe("track_order");
    expect(classifyIntent(model, "what time do you open on sunday").ranked[0]?.intent).toBe("opening_hours");
    for (const r of classifyIntent(model, "refund please").ranked) expect(r.score).toBeLessThanOrEqual(1);
  });
});
