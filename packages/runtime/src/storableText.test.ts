import { describe, expect, it } from "vitest";
import { isStorableText, toStorableJson, toStorableText } from "./storableText";

describe("storable text", () => {
  it("refuses NUL and lone surrogates, accepts everything else (emoji pairs included)", () => {
    expect(isStorableText("Where is my order? 📦 ü ß")).toBe(true);
    expect(isStorableText("a\0b")).toBe(false);
    expect(isStorableText("a\uD83Db")).toBe(false);
    expect(isStorableText("a\uDCA6b")).toBe(false);
    // The regex is global: a second call must not start mid-string.
    expect(isStorableText("x\uD83D")).toBe(false);
    expect(isStorableText("x\uD83D")).toBe(false);
    expect(isStorableText("fine")).toBe(true);
  });

  it("cleans what the bot produced", () => {
    expect(toStorableText("a\0b\uD83Dc📦")).toBe("ab\uFFFDc📦");
    expect(toStorableText("plain")).toBe("plain");
  });

  it("serialises JSON that jsonb accepts, and leaves ordinary JSON as JSON.stringify wrote it", () => {
    const ordinary = { q: "Where is my order?", nested: ["📦", "\\u0000 as typed text"] };
    expect(toStorableJson(ordinary)).toBe(JSON.stringify(ordinary));
    const hostile = { order: "A-1\0", note: "half \uD83D" };
    expect(JSON.parse(toStorableJson(hostile) ?? "null")).toEqual({ order: "A-1", note: "half \uFFFD" });
    expect(toStorableJson(undefined)).toBeUndefined();
  });
});
