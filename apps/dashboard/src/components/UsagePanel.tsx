import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { formatMonth } from "../formatting";
import { summarizeMonthlyUsage } from "../usageSummary";

/** This month's AI spend for owners and admins: replies and search by meaning (calls, tokens), and the cost at the models' list prices. */
export function UsagePanel({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.workspaces.usage.queryOptions({ workspaceId }));
  if (!usage.isSuccess) return null;
  return (
    <section aria-labelledby="usage-heading" className="panel">
      <h2 id="usage-heading">AI usage in {formatMonth(usage.data.month)}</h2>
      <p>{summarizeMonthlyUsage(usage.data)}</p>
    </section>
  );
}
