import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeUnstorableText, refuseUnstorableText, storableText } from "./schemas";

describe("storableText", () => {
  const message = storableText("The message").trim().min(1).max(20);

  it("accepts any well-formed text, emoji and characters outside the basic plane included", () => {
    for (const text of ["hello", "tea 🍵", "𝒷", "\ud83d\udc4d", "tab\tand\nnewline", "ÄÖÜ ß 中文"]) expect(message.safeParse(text).success, text).toBe(true);
  });

  it("refuses a NUL and a lone surrogate anywhere, saying which and what to do", () => {
    const cases: [string, RegExp][] = [
      ["a\u0000b", /NUL character/],
      ["\u0000", /NUL character/],
      ["thanks \ud83d", /half of a character pair/],
      ["\udc4d thanks", /half of a character pair/],
      ["\udc4d\ud83d", /half of a character pair/],
    ];
    for (const [text, reason] of cases) {
      const parsed = message.safeParse(text);
      expect(parsed.success, JSON.stringify(text)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(reason);
      expect(parsed.error?.issues[0]?.message).toMatch(/^The message contains characters that cannot be stored \(.+\)\. Remove them and try again\.$/);
    }
  });

  it("checks every string and key of a structured value, and says where", () => {
    const graph = z.object({ nodes: z.array(z.unknown()) }).loose().check(refuseUnstorableText("The flow"));
    expect(graph.safeParse({ nodes: [{ data: { text: "fine 👍" } }] }).success).toBe(true);
    expect(graph.safeParse({ nodes: [{ data: { text: "fine" } }, { data: { text: "bad\u0000" } }] }).error?.issues[0]?.message).toMatch(/NUL character, U\+0000, in nodes\.1\.data\.text\)/);
    expect(graph.safeParse({ nodes: [{ ["key\ud800"]: 1 }] }).success).toBe(false);
  });

  it("decodes a JSON file's escapes when asked, and checks other text as it is", () => {
    expect(describeUnstorableText(JSON.stringify([{ answer: "x\u0000" }]), "The file", { isJsonText: true })).toMatch(/NUL character, U\+0000, in 0\.answer/);
    expect(describeUnstorableText(JSON.stringify({ a: "\ud83d" }), "The file", { isJsonText: true })).toMatch(/half of a character pair/);
    expect(describeUnstorableText(JSON.stringify({ a: "\ud83d" }), "The file")).toBeNull();
    expect(describeUnstorableText("question,answer\nq,a\u0000", "The file", { isJsonText: true })).toMatch(/NUL/);
    expect(describeUnstorableText("[not json \u0000", "The file", { isJsonText: true })).toMatch(/NUL/);
    expect(describeUnstorableText("[1, 2]", "The file", { isJsonText: true })).toBeNull();
  });
});
