import { describe, expect, it } from "vitest";
import { leaveOneOutScores } from "./calibrateIntentModel.ts";
import { classifyIntent } from "./classifyIntent.ts";
import type { IntentModel } from "./intentModel.ts";
import { defaultCalibration, defaultSentenceCalibration, trainIntentClassifier, type SentenceVectors } from "./trainIntentClassifier.ts";

const shopIntents = [
  { name: "track_order", examples: ["where is my order", "track my package", "has my parcel shipped yet", "when will my delivery arrive"] },
  { name: "return_item", examples: ["i want to return this", "how do i send an item back", "return policy for shoes", "start a return"] },
  { name: "opening_hours", examples: ["when are you open", "what time do you close today", "opening hours on sunday", "store hours"] },
];

// A stand-in sentence encoder: each text lies near the axis of its topic
// (what a real encoder does for meaning), with a small per-text wobble.
const topicOf = (text: string): number =>
  /order|package|parcel|delivery|shipment|courier/.test(text) ? 0 : /return|back|refund|reimburs/.test(text) ? 1 : /open|close|hours|time/.test(text) ? 2 : 3;
const vectorOf = (text: string): Float32Array => {
  const v = new Float32Array(8);
  v[topicOf(text)] = 1;
  for (let i = 0; i < text.length; i++) v[4 + (text.charCodeAt(i) % 4)] = (v[4 + (text.charCodeAt(i) % 4)] ?? 0) + 0.01;
  return v;
};
const sentenceVectors: SentenceVectors = { encoder: "topics-8", vectorOf };
const model = trainIntentClassifier({ intents: shopIntents, sentenceVectors });
const wordsOnly = trainIntentClassifier({ intents: shopIntents });

describe("intent classification with a sentence encoder's vectors", () => {
  it("stores the examples' unit vectors, the encoder's name and both calibrations", () => {
    expect(model.sentence?.encoder).toBe("topics-8");
    expect(model.sentence?.vectors).toHaveLength(model.examples.length);
    for (const v of model.sentence?.vectors ?? []) expect(Math.hypot(...(v ?? []))).toBeCloseTo(1, 3);
    expect(model.calibration).toEqual(defaultSentenceCalibration);
    expect(model.sentence?.wordCalibration).toEqual(defaultCalibration);
    // the word part of the model is the same as without an encoder
    expect(model.examples).toEqual(wordsOnly.examples);
    expect(wordsOnly.sentence).toBeUndefined();
  });

  it("recognises a paraphrase with no word in common through the sentence vector", () => {
    const text = "I'd like to be reimbursed";
    const withVector = classifyIntent(model, text, vectorOf(text));
    expect(withVector.best?.intent).toBe("return_item");
    expect(withVector.calibration).toEqual(model.calibration);
    // words alone do not get there
    expect(classifyIntent(wordsOnly, text).best).toBeNull();
  });

  it("keeps out-of-scope questions out when their vector is far from every intent", () => {
    const text = "what is the capital of mongolia";
    expect(classifyIntent(model, text, vectorOf(text)).best).toBeNull();
  });

  it("falls back to words alone, with the words' calibration, without a query vector or with one of another size", () => {
    for (const vector of [undefined, null, new Float32Array(3), new Float32Array(8)]) {
      const result = classifyIntent(model, "where is my order", vector);
      expect(result.calibration).toEqual(defaultCalibration);
      expect(result.best?.intent).toBe("track_order");
      // the word scores alone (the regression also learned from the examples' sentence vectors, so not bit-identical)
      const words = classifyIntent(wordsOnly, "where is my order");
      expect(result.ranked.map((r) => r.intent)).toEqual(words.ranked.map((r) => r.intent));
      expect(result.ranked[0]?.score).toBeCloseTo(words.ranked[0]?.score ?? 0, 1);
    }
  });

  it("round-trips through JSON with identical answers", () => {
    const restored = JSON.parse(JSON.stringify(model)) as IntentModel;
    for (const text of ["where is my order", "I'd like to be reimbursed", "are you open today", "hello there"]) {
      expect(classifyIntent(restored, text, vectorOf(text))).toEqual(classifyIntent(model, text, vectorOf(text)));
    }
  });

  it("leaves each example out of its own sentence centroid and nearest example in leave-one-out scoring", () => {
    const scores = leaveOneOutScores(model);
    expect(scores.length).toBeGreaterThan(0);
    // every example's topic is shared by the rest of its intent, so left out it is still recognised
    for (const s of scores) expect(s.isCorrect).toBe(true);
    for (const s of scores) expect(s.top).toBeLessThan(0.999);
  });

  it("ignores examples the encoder gave no vector for", () => {
    const partial = trainIntentClassifier({ intents: shopIntents, sentenceVectors: { encoder: "topics-8", vectorOf: (t) => (t.includes("return") ? null : vectorOf(t)) } });
    expect(partial.sentence?.vectors.filter((v) => v === null).length).toBe(3);
    expect(classifyIntent(partial, "where's my shipment", vectorOf("where's my shipment")).best?.intent).toBe("track_order");
  });
});
