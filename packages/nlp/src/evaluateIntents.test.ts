import { describe, expect, it } from "vitest";
import { evaluateIntents, type IntentEvalSet } from "./evaluateIntents.ts";

const set: IntentEvalSet = {
  name: "tiny",
  intents: {
    track_order: ["where is my order", "track my package", "has my parcel shipped", "order status"],
    opening_hours: ["when are you open", "what time do you close", "store opening hours", "are you open on sunday"],
  },
  test: [
    { text: "where is my parcel", intent: "track_order" },
    { text: "what time do you open", intent: "opening_hours" },
    { text: "when do you open", intent: "track_order" }, // wrong label on purpose: counts as a miss
    { text: "recommend a good pasta recipe", intent: null },
  ],
};

describe("evaluateIntents", () => {
  it("scores in-scope accuracy, out-of-scope recall and overall accuracy", async () => {
    let clock = 0;
    const metrics = await evaluateIntents(set, { now: () => (clock += 1) });
    expect(metrics).toMatchObject({
      name: "tiny",
      intents: 2,
      trainingExamples: 8,
      inScopeCount: 3,
      outOfScopeCount: 1,
      inScopeAccuracy: 0.6667,
      inScopeTop1Accuracy: 0.6667,
      outOfScopeRecall: 1,
      accuracy: 0.75,
      encoder: null,
      // the fake clock ticks once per call: every span is 1 ms
      trainMs: 1,
      classifyMsMean: 1,
      classifyMsP99: 1,
    });
  });

  it("reports null out-of-scope recall for a set without out-of-scope utterances", async () => {
    const metrics = await evaluateIntents({ ...set, test: set.test.filter((t) => t.intent !== null) });
    expect(metrics.outOfScopeRecall).toBeNull();
    expect(metrics.accuracy).toBe(metrics.inScopeAccuracy);
  });
});

describe("evaluateIntents with a sentence encoder", () => {
  it("encodes the examples for training and each utterance for its classification, and names the encoder", async () => {
    const calls: string[][] = [];
    // stand-in encoder: one axis per topic (the mislabelled utterance stays a miss, the recipe is off-topic)
    const encoder = {
      name: "topics-3",
      encode: async (texts: readonly string[]) => {
        calls.push([...texts]);
        return texts.map((t) => Float32Array.from(/open|close|hours/.test(t) ? [0, 1, 0] : /order|package|parcel/.test(t) ? [1, 0, 0] : [0, 0, 1]));
      },
    };
    const metrics = await evaluateIntents(set, { encoder });
    expect(metrics.encoder).toBe("topics-3");
    expect(calls[0]).toHaveLength(8);
    // then one utterance at a time, as a turn does
    expect(calls.slice(1)).toEqual(set.test.map((t) => [t.text]));
    expect(metrics.inScopeTop1Accuracy).toBe(0.6667);
    expect(metrics.outOfScopeRecall).toBe(1);
  });
});
