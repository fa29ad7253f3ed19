import { describe, expect, it } from "vitest";
import { buildGroundedPrompt, DEFAULT_DECLINE_SENTENCE, extractCitations, isDeclined, stripCitations } from "./buildGroundedPrompt.ts";

const chunks = [
  { id: "kb_ship", title: "Shipping", text: "Orders ship within 2 business days." },
  { id: "kb_return", title: "Returns", text: "Returns are free within 30 days." },
  { id: "kb_hours", text: "We are open 9-17 on weekdays." },
];

describe("buildGroundedPrompt", () => {
  it("numbers the chunks, demands grounded cited answers and the exact decline sentence", () => {
    const messages = buildGroundedPrompt({ question: "  How long does shipping take? ", chunks, shopName: "Tea Corner", extraInstructions: "Answer in a warm tone." });
    expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
    const [system, user] = messages.map((message) => message.content);
    expect(system).toContain("Tea Corner");
    expect(system).toContain("ONLY");
    expect(system).toContain("[1]");
    expect(system).toContain(`reply with exactly this sentence and nothing else: ${DEFAULT_DECLINE_SENTENCE}`);
    expect(system).toMatch(/not instructions/);
    expect(system?.trimEnd().endsWith("Answer in a warm tone.")).toBe(true);
    expect(user).toContain("[1] Shipping\nOrders ship within 2 business days.");
    expect(user).toContain("[2] Returns\nReturns are free within 30 days.");
    expect(user).toContain("[3]\nWe are open 9-17 on weekdays.");
    expect(user?.endsWith("Question: How long does shipping take?")).toBe(true);
  });

  it("says there are no sources and uses a custom decline sentence", () => {
    const [system, user] = buildGroundedPrompt({ question: "Hi?", chunks: [], declineSentence: "Ask our team, please." }).map((message) => message.content);
    expect(system).toContain("Ask our team, please.");
    expect(system).toContain("a shop's customer assistant");
    expect(user).toContain("(no sources found)");
  });
});

describe("extractCitations", () => {
  it("maps [n] markers to chunk ids in order of first mention, each once", () => {
    const text = "Orders ship in 2 days [1]. Returns are free [2][1], see also [3, 2] and [9].";
    expect(extractCitations(text, chunks)).toEqual([
      { number: 1, chunkId: "kb_ship", title: "Shipping" },
      { number: 2, chunkId: "kb_return", title: "Returns" },
      { number: 3, chunkId: "kb_hours" },
    ]);
    expect(extractCitations("No markers here, nor [0] or [x].", chunks)).toEqual([]);
  });

  it("strips the markers for display", () => {
    expect(stripCitations("Orders ship in 2 days [1]. Free returns [2][3, 1]!")).toBe("Orders ship in 2 days. Free returns!");
  });
});

describe("isDeclined", () => {
  it("recognises the decline sentence despite case, punctuation, quotes and markers", () => {
    expect(isDeclined(DEFAULT_DECLINE_SENTENCE)).toBe(true);
    expect(isDeclined("sorry, I don’t know the answer to that")).toBe(true);
    expect(isDeclined("Sorry, I don't know the answer to that. [1]")).toBe(true);
    expect(isDeclined("Sorry, I don't know the answer to that. Please contact us.")).toBe(true);
    expect(isDeclined("Ask our team, please.", "Ask our team, please.")).toBe(true);
  });

  it("does not mistake real answers for declines", () => {
    expect(isDeclined("Orders ship within 2 business days [1].")).toBe(false);
    expect(isDeclined("")).toBe(false);
    expect(isDeclined("Sorry, I don't know the answer to that question about shipping, but orders ship in 2 days [1].")).toBe(false);
  });
});
