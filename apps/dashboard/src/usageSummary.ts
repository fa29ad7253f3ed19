import { formatUsd } from "./formatting";
import type { RouterOutputs } from "./trpc";

/** The month's counts as the `workspaces.usage` query returns them. */
export type MonthlyUsageCounts = Omit<RouterOutputs["workspaces"]["usage"], "month">;

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * The usage panel's sentences: AI replies (calls and tokens), then search by
 * meaning (embedding calls and tokens) when there was any, then the cost of
 * both at list prices. A month with neither says that nothing was spent.
 */
export function summarizeMonthlyUsage(usage: MonthlyUsageCounts): string {
  if (usage.llmCalls === 0 && usage.embeddingCalls === 0) return "No AI replies yet this month. Answers from your knowledge base and intents cost nothing.";
  const replies =
    usage.llmCalls === 0
      ? "No AI replies yet this month."
      : `${count(usage.llmCalls, "AI call", "AI calls")}, ${count(usage.promptTokens + usage.completionTokens, "token", "tokens")}.`;
  const search =
    usage.embeddingCalls === 0 ? "" : ` Search by meaning: ${count(usage.embeddingCalls, "embedding call", "embedding calls")}, ${count(usage.embeddingTokens, "token", "tokens")}.`;
  return `${replies}${search} Cost at the models' list prices: ${formatUsd(usage.costUsd)}.`;
}
