import { describe, expect, it } from "vitest";
import { stemWord } from "./stemWord.ts";

describe("stemWord", () => {
  // Cases from Porter's 1980 paper.
  it.each([
    ["caresses", "caress"], ["ponies", "poni"], ["ties", "ti"], ["caress", "caress"], ["cats", "cat"],
    ["feed", "feed"], ["agreed", "agre"], ["plastered", "plaster"], ["motoring", "motor"], ["sing", "sing"],
    ["conflated", "conflat"], ["troubled", "troubl"], ["sized", "size"], ["hopping", "hop"], ["tanned", "tan"],
    ["falling", "fall"], ["hissing", "hiss"], ["fizzed", "fizz"], ["failing", "fail"], ["filing", "file"],
    ["happy", "happi"], ["relational", "relat"], ["conditional", "condit"], ["rational", "ration"],
    ["hopeful", "hope"], ["goodness", "good"], ["adjustment", "adjust"], ["probate", "probat"], ["rate", "rate"],
    ["controll", "control"], ["roll", "roll"], ["generalization", "gener"], ["electricity", "electr"],
  ])("%s -> %s", (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });

  it("folds inflections of one word together", () => {
    expect(new Set(["transfer", "transfers", "transferred", "transferring"].map(stemWord))).toEqual(new Set(["transfer"]));
  });

  it("leaves short words, digits and non-ASCII alone", () => {
    expect(stemWord("is")).toBe("is");
    expect(stemWord("401k")).toBe("401k");
    expect(stemWord("çava")).toBe("çava");
  });
});
