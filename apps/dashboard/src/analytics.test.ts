import { describe, expect, it } from "vitest";
import { analyticsCsv, analyticsFileName, dailyAutomationRates, describeOutcome, describeSeries, describeStep, formatRating, shortDay, type AnalyticsDay } from "./analytics";

const day = (date: string, numbers: Partial<AnalyticsDay> = {}): AnalyticsDay => ({
  day: date,
  conversations: 0,
  engagedConversations: 0,
  handledByBot: 0,
  handedOff: 0,
  leftUnanswered: 0,
  visitorMessages: 0,
  ratings: 0,
  averageRating: null,
  ...numbers,
});

describe("analytics labels", () => {
  it("names the built-in outputs and quotes intent names", () => {
    expect(describeOutcome("notFound")).toBe("Not in the knowledge base");
    expect(describeOutcome("fallback")).toBe("No intent matched");
    expect(describeOutcome("order_status")).toBe("Intent “order_status”");
    expect(describeOutcome("constructor")).toBe("Intent “constructor”");
  });
  it("shows UTC days short, and leaves odd input alone", () => {
    expect(shortDay("2026-11-25")).toBe("Nov 25");
    expect(shortDay("garbage")).toBe("garbage");
  });
  it("names a drop-off step by its label, or its type and id, with what stopping there means", () => {
    expect(describeStep({ nodeId: "ask-1", type: "ask", title: "Ask a question", label: "Order number" })).toEqual({
      name: "Ask a question: Order number",
      hint: "after the bot asked them something",
    });
    expect(describeStep({ nodeId: "n7", type: "http", title: "HTTP request", label: null })).toEqual({ name: "HTTP request (n7)", hint: null });
    expect(describeStep({ nodeId: "x", type: "constructor", title: "constructor", label: null }).hint).toBeNull();
  });
  it("rounds ratings to one decimal", () => {
    expect(formatRating(4.25)).toBe("4.3");
    expect(formatRating(5)).toBe("5.0");
    expect(formatRating(null)).toBe("—");
  });
});

describe("analyticsCsv", () => {
  it("has a row per day and a total row that adds up, rates and averages included", () => {
    const csv = analyticsCsv([
      day("2026-11-01", { conversations: 4, engagedConversations: 3, handledByBot: 1, handedOff: 1, leftUnanswered: 1, visitorMessages: 7, ratings: 2, averageRating: 4.5 }),
      day("2026-11-02"),
      day("2026-11-03", { conversations: 2, engagedConversations: 1, handledByBot: 1, visitorMessages: 2, ratings: 1, averageRating: 1 }),
    ]);
    expect(csv.split("\r\n")).toEqual([
      "Day (UTC),Conversations,Conversations with a visitor message,Handled by the bot,Handed to your team,Left with an unanswered question,Handled by the bot (%),Visitor messages,Ratings,Average rating (1-5)",
      "2026-11-01,4,3,1,1,1,33.3,7,2,4.50",
      "2026-11-02,0,0,0,0,0,,0,0,",
      "2026-11-03,2,1,1,0,0,100.0,2,1,1.00",
      "Total,6,4,2,1,1,50.0,9,3,3.33",
      "",
    ]);
  });
  it("names the file after the bot and the period", () => {
    expect(analyticsFileName("Tea Shop — Café", [day("2026-11-01"), day("2026-11-30")])).toBe("chatwright-tea-shop-cafe-2026-11-01-to-2026-11-30.csv");
    expect(analyticsFileName("☕", [day("2026-11-01")])).toBe("chatwright-bot-2026-11-01-to-2026-11-01.csv");
  });
});

describe("chart helpers", () => {
  it("gives each day's automation rate, none on a day nobody wrote", () => {
    expect(dailyAutomationRates([day("a", { engagedConversations: 4, handledByBot: 3 }), day("b")])).toEqual([0.75, null]);
  });
  it("describes a chart in a sentence for screen readers", () => {
    const days = ["2026-11-01", "2026-11-02", "2026-11-03"];
    expect(describeSeries("Conversations", days, [2, 5, 1], "count")).toBe("Conversations: 8 over 3 days, most on Nov 2 (5).");
    expect(describeSeries("Handled by the bot", days, [0.5, null, 1], "percent")).toBe("Handled by the bot: from 50% on Nov 1 to 100% on Nov 3.");
    expect(describeSeries("Handoffs", days, [null, null, null], "count")).toBe("Handoffs: nothing in this period.");
  });
});
