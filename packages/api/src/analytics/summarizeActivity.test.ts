import { describe, expect, it } from "vitest";
import { summarizeActivity } from "./summarizeActivity";

const days = ["2026-11-01", "2026-11-02", "2026-11-03"];

describe("summarizeActivity", () => {
  it("does not call a period with unanswered questions 100 % handled by the bot", () => {
    // The old definition (engaged minus handed off) said 100 % here while 3 questions went unanswered.
    const { totals } = summarizeActivity({
      days,
      conversations: [{ day: "2026-11-01", conversations: 5, engaged: 4, handedOff: 0 }],
      messages: [{ day: "2026-11-01", count: 9 }],
      // 3 unanswered questions, in 2 conversations
      unansweredConversations: [
        { day: "2026-11-01", isHandedOff: false },
        { day: "2026-11-01", isHandedOff: false },
      ],
      unansweredTurns: 3,
      ratings: [],
    });
    expect(totals).toEqual({
      conversations: 5,
      engagedConversations: 4,
      visitorMessages: 9,
      handedOff: 0,
      leftUnanswered: 2,
      handledByBot: 2,
      automationRate: 0.5,
      unanswered: 3,
      unansweredConversations: 2,
    });
  });

  it("counts each engaged conversation once: handled by the bot, handed off, or left unanswered", () => {
    const { totals, daily } = summarizeActivity({
      days,
      conversations: [
        { day: "2026-11-01", conversations: 6, engaged: 5, handedOff: 2 },
        { day: "2026-11-03", conversations: 2, engaged: 2, handedOff: 0 },
        { day: "2026-10-20", conversations: 9, engaged: 9, handedOff: 9 },
      ],
      messages: [
        { day: "2026-11-01", count: 12 },
        { day: "2026-11-02", count: 1 },
        { day: "2026-11-03", count: 3 },
      ],
      unansweredConversations: [
        // handed off too: counted as handed off, once
        { day: "2026-11-01", isHandedOff: true },
        { day: "2026-11-01", isHandedOff: false },
        { day: "2026-11-03", isHandedOff: false },
        { day: "2026-11-03", isHandedOff: false },
      ],
      unansweredTurns: 5,
      ratings: [
        { day: "2026-11-01", rating: 5 },
        { day: "2026-11-01", rating: 2 },
        { day: "2026-11-03", rating: 4 },
      ],
    });
    expect(daily).toEqual([
      { day: "2026-11-01", conversations: 6, engagedConversations: 5, handledByBot: 2, handedOff: 2, leftUnanswered: 1, visitorMessages: 12, ratings: 2, averageRating: 3.5 },
      { day: "2026-11-02", conversations: 0, engagedConversations: 0, handledByBot: 0, handedOff: 0, leftUnanswered: 0, visitorMessages: 1, ratings: 0, averageRating: null },
      { day: "2026-11-03", conversations: 2, engagedConversations: 2, handledByBot: 0, handedOff: 0, leftUnanswered: 2, visitorMessages: 3, ratings: 1, averageRating: 4 },
    ]);
    expect(totals).toEqual({
      conversations: 8,
      engagedConversations: 7,
      visitorMessages: 16,
      handedOff: 2,
      leftUnanswered: 3,
      handledByBot: 2,
      automationRate: 2 / 7,
      unanswered: 5,
      unansweredConversations: 4,
    });
    expect(totals.handledByBot + totals.handedOff + totals.leftUnanswered).toBe(totals.engagedConversations);
  });

  it("has no automation rate without an engaged conversation", () => {
    const { totals, daily } = summarizeActivity({
      days,
      conversations: [{ day: "2026-11-02", conversations: 3, engaged: 0, handedOff: 0 }],
      messages: [],
      unansweredConversations: [{ day: "2026-11-02", isHandedOff: false }],
      unansweredTurns: 1,
      ratings: [],
    });
    expect(totals.automationRate).toBeNull();
    expect(totals.leftUnanswered).toBe(0);
    expect(daily[1]).toMatchObject({ conversations: 3, handledByBot: 0, leftUnanswered: 0 });
  });
});
