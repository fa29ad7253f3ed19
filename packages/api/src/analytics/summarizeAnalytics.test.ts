import { describe, expect, it } from "vitest";
import { collectUnansweredQuestions, countNodeOutcomes, dayRange, indexGraphNodes, isUnansweredTurn, readTurnResults } from "./summarizeAnalytics";

const graph = indexGraphNodes({
  nodes: [
    { id: "route", type: "intent", data: { label: " Router " } },
    { id: "kb", type: "faq", data: {} },
    { id: "ai", type: "llm", data: { label: "" } },
    { id: "lookup", type: "http", data: {} },
    { id: 7, type: "faq" },
    "junk",
  ],
});
const graphs = new Map([["v1", graph]]);

describe("indexGraphNodes", () => {
  it("keeps well-formed nodes with trimmed labels and skips junk (old stored graphs are not trusted)", () => {
    expect([...graph.entries()]).toEqual([
      ["route", { type: "intent", label: "Router" }],
      ["kb", { type: "faq", label: null }],
      ["ai", { type: "llm", label: null }],
      ["lookup", { type: "http", label: null }],
    ]);
    expect(indexGraphNodes(null).size).toBe(0);
    expect(indexGraphNodes({ nodes: "x" }).size).toBe(0);
  });
});

describe("isUnansweredTurn", () => {
  it("looks at the last intent / knowledge / AI result of the turn", () => {
    expect(isUnansweredTurn({ results: [["route", "fallback"]] }, graph)).toBe(true);
    expect(isUnansweredTurn({ results: [["route", "fallback"], ["kb", "answered"]] }, graph)).toBe(false);
    expect(isUnansweredTurn({ results: [["route", "fallback"], ["kb", "notFound"]] }, graph)).toBe(true);
    expect(isUnansweredTurn({ results: [["kb", "notFound"], ["lookup", "ok"]] }, graph)).toBe(true);
    expect(isUnansweredTurn({ results: [["lookup", "error"]] }, graph)).toBe(false);
    expect(isUnansweredTurn({ results: [] }, graph)).toBe(false);
    // A node the version does not know (deleted, or the version is gone) says nothing.
    expect(isUnansweredTurn({ results: [["gone", "fallback"]] }, graph)).toBe(false);
    expect(isUnansweredTurn({ results: [["kb", "notFound"]] }, undefined)).toBe(false);
  });
});

describe("collectUnansweredQuestions", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 10, day));
  it("groups case, spacing and end punctuation, most asked first, newest wording kept, ties by recency", () => {
    const { total, top, conversationIds } = collectUnansweredQuestions(
      [
        { conversationId: "c1", flowVersionId: "v1", results: [["kb", "notFound"]], text: "do you ship to Norway", at: at(1) },
        { conversationId: "c1", flowVersionId: "v1", results: [["kb", "notFound"]], text: "Do you ship to  NORWAY?? ", at: at(3) },
        { conversationId: "c2", flowVersionId: "v1", results: [["route", "fallback"]], text: "gift cards", at: at(2) },
        { conversationId: "c3", flowVersionId: "v1", results: [["route", "fallback"]], text: "opening hours", at: at(4) },
        { conversationId: "c4", flowVersionId: "v1", results: [["route", "fallback"], ["kb", "answered"]], text: "shipping time", at: at(5) },
        { conversationId: "c5", flowVersionId: "v1", results: [["kb", "notFound"]], text: null, at: at(6) },
        { conversationId: "c6", flowVersionId: "v2", results: [["kb", "notFound"]], text: "unknown version", at: at(6) },
      ],
      graphs,
      2,
    );
    expect(total).toBe(4);
    expect(top).toEqual([
      { text: "Do you ship to  NORWAY??", count: 2, lastAskedAt: at(3) },
      { text: "opening hours", count: 1, lastAskedAt: at(4) },
    ]);
    // The conversations the counted questions were asked in: not the answered one, not the one without text or graph.
    expect([...conversationIds].sort()).toEqual(["c1", "c2", "c3"]);
  });
});

describe("readTurnResults", () => {
  it("keeps the well-formed [node, handle] pairs of stored JSON", () => {
    expect(readTurnResults([["kb", "notFound"], ["x"], [1, "a"], "junk", ["route", "fallback", "extra"]])).toEqual([
      ["kb", "notFound"],
      ["route", "fallback"],
    ]);
    expect(readTurnResults(null)).toEqual([]);
    expect(readTurnResults({ 0: ["kb", "notFound"] })).toEqual([]);
  });
});

describe("countNodeOutcomes", () => {
  it("merges a node's counts across versions, names it by its type's title, marks misses", () => {
    const outcomes = countNodeOutcomes(
      [
        { flowVersionId: "v1", nodeId: "kb", handle: "notFound", count: 2 },
        { flowVersionId: "v0", nodeId: "kb", handle: "notFound", count: 3 },
        { flowVersionId: "v1", nodeId: "route", handle: "order_status", count: 4 },
        { flowVersionId: "v1", nodeId: "lookup", handle: "error", count: 1 },
      ],
      graphs,
    );
    expect(outcomes).toEqual([
      { nodeId: "kb", title: "Answer from knowledge base", label: null, handle: "notFound", count: 5, isMiss: true },
      { nodeId: "route", title: "Recognise intent", label: "Router", handle: "order_status", count: 4, isMiss: false },
      { nodeId: "lookup", title: "HTTP request", label: null, handle: "error", count: 1, isMiss: false },
    ]);
  });
});

describe("dayRange", () => {
  it("lists UTC days ending today, across a month end", () => {
    expect(dayRange(new Date("2026-12-02T23:30:00Z"), 4)).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
  });
});
