import { describe, expect, it } from "vitest";
import { analyzeText, normalizeText, tokenize } from "./normalizeText.ts";
import { getStopWords } from "./stopWords.ts";

describe("normalizeText", () => {
  it("lowercases, strips accents and punctuation", () => {
    expect(normalizeText("Crème Brûlée, S'IL VOUS PLAÎT!!")).toBe("creme brulee s il vous plait");
  });

  it("expands English contractions, curly apostrophes included", () => {
    expect(normalizeText("I can’t log in, what's wrong? I'm sure it isn't me")).toBe("i can not log in what wrong i am sure it is not me");
  });

  it("keeps digits and folds compatibility characters (NFKD)", () => {
    expect(normalizeText("Order №42 ﬁnished")).toBe("order no42 finished");
  });
});

describe("tokenize / analyzeText", () => {
  it("splits on whitespace and returns nothing for punctuation only", () => {
    expect(tokenize("  hello,world  ")).toEqual(["hello", "world"]);
    expect(tokenize("?!...")).toEqual([]);
  });

  it("removes stop words and stems", () => {
    expect(analyzeText("I want to cancel my orders")).toEqual(["cancel", "order"]);
  });

  it("keeps question words, which carry intent", () => {
    expect(getStopWords("en").has("where")).toBe(false);
    expect(analyzeText("where is my parcel")).toEqual(["where", "parcel"]);
  });

  it("falls back to all tokens when every one is a stop word", () => {
    expect(analyzeText("are you there", { isStemmed: false })).toEqual(["are", "you", "there"]);
  });
});
