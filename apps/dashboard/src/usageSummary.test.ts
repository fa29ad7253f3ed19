import { describe, expect, it } from "vitest";
import { summarizeMonthlyUsage } from "./usageSummary";

const nothing = { llmCalls: 0, promptTokens: 0, completionTokens: 0, embeddingCalls: 0, embeddingTokens: 0, costUsd: 0 };

describe("summarizeMonthlyUsage", () => {
  it("says nothing was spent in a month without AI calls", () => {
    expect(summarizeMonthlyUsage(nothing)).toBe("No AI replies yet this month. Answers from your knowledge base and intents cost nothing.");
  });

  it("counts AI replies and search by meaning apart, and their cost together", () => {
    expect(summarizeMonthlyUsage({ ...nothing, llmCalls: 3, promptTokens: 1_200, completionTokens: 300, costUsd: 0.0004 })).toBe(
      "3 AI calls, 1,500 tokens. Cost at the models' list prices: less than $0.01.",
    );
    expect(summarizeMonthlyUsage({ llmCalls: 1, promptTokens: 100, completionTokens: 20, embeddingCalls: 12, embeddingTokens: 4_800, costUsd: 1.5 })).toBe(
      "1 AI call, 120 tokens. Search by meaning: 12 embedding calls, 4,800 tokens. Cost at the models' list prices: $1.50.",
    );
    expect(summarizeMonthlyUsage({ ...nothing, embeddingCalls: 1, embeddingTokens: 7, costUsd: 0 })).toBe(
      "No AI replies yet this month. Search by meaning: 1 embedding call, 7 tokens. Cost at the models' list prices: $0.00.",
    );
  });
});
