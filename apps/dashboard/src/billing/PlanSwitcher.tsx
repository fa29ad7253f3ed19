import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { entitlementsOf, type PurchasablePlan } from "@chatwright/billing";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { formatMoney } from "./formatMoney";

/**
 * Switch a live subscription between Starter and Pro here: the prorated
 * invoice Stripe would send is shown first, then the switch applies at once
 * (an upgrade is charged today, a downgrade leaves a credit).
 */
export function PlanSwitcher({ workspaceId, currentPlan }: { workspaceId: string; currentPlan: PurchasablePlan }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const target: PurchasablePlan = currentPlan === "PRO" ? "STARTER" : "PRO";
  const targetName = entitlementsOf(target).name;
  const isUpgrade = target === "PRO";
  const [isPreviewing, setIsPreviewing] = useState(false);
  const preview = useQuery({ ...trpc.billing.previewPlanChange.queryOptions({ workspaceId, plan: target }), enabled: isPreviewing, staleTime: 0, retry: false });
  const change = useMutation(
    trpc.billing.changePlan.mutationOptions({
      onSuccess: async () => {
        setIsPreviewing(false);
        await queryClient.invalidateQueries(trpc.billing.status.pathFilter());
      },
    }),
  );

  return (
    <div className="plan-switcher" data-testid="plan-switcher">
      <h3>{isUpgrade ? `Upgrade to ${targetName}` : `Move down to ${targetName}`}</h3>
      <p>
        {isUpgrade
          ? "Custom workflows with AI replies and calls to your systems, analytics, unlimited visitor messages."
          : "The NLP bot (intents, FAQ answers, questions, handoff), 2,000 visitor messages a month. Flows with AI replies or HTTP requests stop running: the bot falls back to answering from your knowledge base."}
      </p>
      {!isPreviewing ? (
        <button type="button" className={isUpgrade ? undefined : "secondary"} onClick={() => setIsPreviewing(true)}>
          See what it costs
        </button>
      ) : preview.isPending ? (
        <p role="status">Asking Stripe…</p>
      ) : preview.isError ? (
        <p className="form-error" role="alert">
          {describeError(preview.error).message}
        </p>
      ) : (
        <div className="proration" aria-label="Prorated charge">
          <table>
            <tbody>
              {preview.data.lines.map((line, index) => (
                <tr key={index}>
                  <td>{line.description}</td>
                  <td className="amount">{formatMoney(line.amount, preview.data.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{preview.data.prorationTotal < 0 ? "Credit toward your next invoices" : "Due today"}</th>
                <td className="amount" data-testid="proration-total">
                  {preview.data.prorationTotal < 0 ? formatMoney(-preview.data.prorationTotal, preview.data.currency) : formatMoney(preview.data.amountDueNow, preview.data.currency)}
                </td>
              </tr>
            </tfoot>
          </table>
          <p className="hint">
            Then {formatMoney((entitlementsOf(target).priceUsdPerMonth ?? 0) * 100, "usd")} a month. The change applies as soon as you confirm.
          </p>
          <div className="actions">
            <button type="button" disabled={change.isPending} onClick={() => change.mutate({ workspaceId, plan: target })}>
              {change.isPending
                ? "Switching…"
                : preview.data.prorationTotal > 0
                  ? `Switch to ${targetName} and pay ${formatMoney(preview.data.amountDueNow, preview.data.currency)}`
                  : `Switch to ${targetName}`}
            </button>
            <button type="button" className="secondary" disabled={change.isPending} onClick={() => setIsPreviewing(false)}>
              Keep {entitlementsOf(currentPlan).name}
            </button>
          </div>
        </div>
      )}
      {change.isError ? (
        <p className="form-error" role="alert">
          {describeError(change.error).message}
        </p>
      ) : change.isSuccess ? (
        <p className="success" role="status">
          You are on {entitlementsOf(currentPlan).name} now.
        </p>
      ) : null}
    </div>
  );
}
