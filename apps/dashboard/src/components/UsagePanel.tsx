import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { formatMonth, formatUsd } from "../formatting";

/** This month's AI replies for owners and admins: calls, tokens and the cost at the models' list prices. */
export function UsagePanel({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.workspaces.usage.queryOptions({ workspaceId }));
  if (!usage.isSuccess) return null;
  const { month, llmCalls, promptTokens, completionTokens, costUsd } = usage.data;
  return (
    <section aria-labelledby="usage-heading" className="panel">
      <h2 id="usage-heading">AI usage in {formatMonth(month)}</h2>
      {llmCalls === 0 ? (
        <p>No AI replies yet this month. Answers from your knowledge base and intents cost nothing.</p>
      ) : (
        <p>
          {llmCalls.toLocaleString("en-US")} AI {llmCalls === 1 ? "call" : "calls"}, {(promptTokens + completionTokens).toLocaleString("en-US")} tokens, about{" "}
          {formatUsd(costUsd)} at the models' list prices.
        </p>
      )}
    </section>
  );
}
