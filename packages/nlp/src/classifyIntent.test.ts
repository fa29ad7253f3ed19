import { describe, expect, it } from "vitest";
import { classifyIntent } from "./classifyIntent.ts";
import { trainIntentClassifier } from "./trainIntentClassifier.ts";
import type { IntentModel } from "./intentModel.ts";

const shopIntents = [
  { name: "track_order", examples: ["where is my order", "track my package", "has my parcel shipped yet", "when will my delivery arrive", "order status please"] },
  { name: "return_item", examples: ["i want to return this", "how do i send an item back", "return policy for shoes", "can i get a refund for my purchase", "start a return"] },
  { name: "opening_hours", examples: ["when are you open", "what time do you close today", "opening hours on sunday", "are you open on holidays", "store hours"] },
  { name: "talk_to_human", examples: ["talk to a person", "i need a human agent", "connect me with support staff", "can i speak to someone", "real person please"] },
];

const model = trainIntentClassifier({ intents: shopIntents });

describe("classifyIntent", () => {
  it("picks the right intent for paraphrases it never saw", () => {
    expect(classifyIntent(model, "Where's my package?").best?.intent).toBe("track_order");
    expect(classifyIntent(model, "what are your hours on Sunday").best?.intent).toBe("opening_hours");
    expect(classifyIntent(model, "let me speak to a real human").best?.intent).toBe("talk_to_human");
  });

  it("ranks a looser paraphrase first even when its confidence is under the threshold", () => {
    // "money back" shares no word with the examples: the word vectors carry it
    const result = classifyIntent(model, "I want my money back");
    expect(result.ranked[0]?.intent).toBe("return_item");
  });

  it("ranks every intent with scores in [0, 1], best first", () => {
    const { ranked, best } = classifyIntent(model, "track my order");
    expect(ranked.map((r) => r.intent).sort()).toEqual(shopIntents.map((i) => i.name).sort());
    for (const r of ranked) expect(r.score).toBeGreaterThanOrEqual(0);
    for (const r of ranked) expect(r.score).toBeLessThanOrEqual(1);
    expect(ranked.map((r) => r.score)).toEqual([...ranked.map((r) => r.score)].sort((a, b) => b - a));
    expect(best?.confidence).toBeGreaterThan(0.5);
    expect(best?.confidence).toBeLessThanOrEqual(1);
  });

  it("falls back (best null) when nothing matches well", () => {
    expect(classifyIntent(model, "what is the capital of mongolia").best).toBeNull();
    expect(classifyIntent(model, "").best).toBeNull();
    expect(classifyIntent(model, "!!!").best).toBeNull();
  });

  it("falls back when the confidence is below the model's threshold", () => {
    const strict: IntentModel = { ...model, calibration: { ...model.calibration, threshold: 0.999999 } };
    const result = classifyIntent(strict, "where is my order please");
    expect(result.ranked[0]?.intent).toBe("track_order");
    expect(result.best).toBeNull();
  });

  it("is deterministic: same training, same model and same answers", () => {
    const again = trainIntentClassifier({ intents: shopIntents });
    expect(again).toEqual(model);
    expect(classifyIntent(again, "has my parcel shipped")).toEqual(classifyIntent(model, "has my parcel shipped"));
  });

  it("round-trips through JSON with identical answers", () => {
    const restored = JSON.parse(JSON.stringify(model)) as IntentModel;
    for (const text of ["where is my order", "refund", "are you open today", "hello there", "talk to someone"]) {
      expect(classifyIntent(restored, text)).toEqual(classifyIntent(model, text));
    }
  });

  it("works without word vectors (non-English models)", () => {
    const lexical = trainIntentClassifier({ intents: shopIntents, options: { isEmbeddingUsed: false } });
    expect(lexical.examples.every((e) => e.embedding === null)).toBe(true);
    expect(classifyIntent(lexical, "track my order").best?.intent).toBe("track_order");
  });

  it("rejects two intents with the same name", () => {
    expect(() => trainIntentClassifier({ intents: [{ name: "a", examples: ["x"] }, { name: "a", examples: ["y"] }] })).toThrow(/same name/);
  });
});
