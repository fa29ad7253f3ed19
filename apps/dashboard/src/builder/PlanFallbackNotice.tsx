import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import "./planFallback.css";

/** After a downgrade: the bot answers with the FAQ bot because its flow has steps the plan lacks; says which, and what to do. */
export function PlanFallbackNotice({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const trpc = useTRPC();
  const fallback = useQuery(trpc.flows.planFallback.queryOptions({ workspaceId, botId }));
  if (!fallback.data) return null;
  const { fromFlowName, reasons, at } = fallback.data;
  return (
    <div className="plan-fallback-notice" role="status" data-testid="plan-fallback-notice">
      <p>
        <strong>Your bot answers from your knowledge base (the FAQ bot) since {new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "long" })}.</strong> “{fromFlowName}” uses steps
        your plan does not include, so it stopped running when the plan changed:
      </p>
      <ul>
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>Upgrade on the Billing page, or change those steps, publish, and make “{fromFlowName}” live again.</p>
    </div>
  );
}
