import { describe, expect, it } from "vitest";
import { readRatingScore, summarizeRatings } from "./summarizeRatings";

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

describe("summarizeRatings", () => {
  it("averages the scores, spreads them 5 to 1 and keeps the newest comments", () => {
    const summary = summarizeRatings(
      [
        { conversationId: "a", rating: 5, comment: "  Quick and friendly ", at: at(2) },
        { conversationId: "b", rating: 4, comment: null, at: at(3) },
        { conversationId: "c", rating: 2, comment: "Could not find my order", at: at(5) },
        { conversationId: "d", rating: 5, comment: "   ", at: at(6) },
        { conversationId: "e", rating: 1, comment: "Useless", at: at(1) },
      ],
      2,
    );
    expect(summary.count).toBe(5);
    expect(summary.average).toBeCloseTo(17 / 5);
    expect(summary.distribution).toEqual([
      { rating: 5, count: 2 },
      { rating: 4, count: 1 },
      { rating: 3, count: 0 },
      { rating: 2, count: 1 },
      { rating: 1, count: 1 },
    ]);
    expect(summary.recentComments).toEqual([
      { conversationId: "c", rating: 2, comment: "Could not find my order", at: at(5).toISOString() },
      { conversationId: "a", rating: 5, comment: "Quick and friendly", at: at(2).toISOString() },
    ]);
  });

  it("has no average without ratings, and skips scores the widget cannot send (stored JSON is not trusted)", () => {
    const summary = summarizeRatings([
      { conversationId: "a", rating: "5", comment: "text", at: at(1) },
      { conversationId: "b", rating: 0, comment: null, at: at(1) },
      { conversationId: "c", rating: 4.5, comment: null, at: at(1) },
      { conversationId: "d", rating: null, comment: null, at: at(1) },
    ]);
    expect(summary).toEqual({ count: 0, average: null, distribution: expect.any(Array), recentComments: [] });
    expect(summary.distribution.every((d) => d.count === 0)).toBe(true);
    expect([1, 5, 6, 3.2, "3", undefined].map(readRatingScore)).toEqual([1, 5, null, null, null, null]);
  });
});
