import { describe, expect, it } from "vitest";
import { exampleAdvice, examplesToText, parseExampleLines } from "./intentExamples";

describe("parseExampleLines", () => {
  it("keeps one trimmed phrase per non-empty line", () => {
    expect(parseExampleLines("  Where is my order?\n\n\r\ntrack   my parcel \r\n   ")).toEqual(["Where is my order?", "track my parcel"]);
  });

  it("drops repeats that differ only in case or spacing", () => {
    expect(parseExampleLines("Where is my order\nwhere  is my ORDER\nOrder status")).toEqual(["Where is my order", "Order status"]);
    expect(parseExampleLines("")).toEqual([]);
  });

  it("round-trips with examplesToText", () => {
    const examples = ["Where is my order?", "Track my parcel"];
    expect(parseExampleLines(examplesToText(examples))).toEqual(examples);
  });
});

describe("exampleAdvice", () => {
  it("asks for 5–10 examples until there are five", () => {
    expect(exampleAdvice(0)).toMatch(/Add 5–10 ways/);
    expect(exampleAdvice(1)).toBe("1 example so far. 5–10 different ways of asking work best.");
    expect(exampleAdvice(4)).toMatch(/^4 examples/);
    expect(exampleAdvice(5)).toBeNull();
  });
});
