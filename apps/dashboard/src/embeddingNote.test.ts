import { describe, expect, it } from "vitest";
import { embeddingNote } from "./embeddingNote";

describe("embeddingNote", () => {
  it("says nothing when embeddings worked or are off, and explains a failure without the provider's jargon", () => {
    expect(embeddingNote(null)).toBe("");
    expect(embeddingNote(undefined)).toBe("");
    const note = embeddingNote("503 Service Unavailable");
    expect(note).toMatch(/^ Search by meaning is not ready/);
    expect(note).toContain("find it by its words");
    expect(note).not.toContain("503");
  });
});
