import { useMutation, useQuery } from "@tanstack/react-query";
import { entitlementsOf, PURCHASABLE_PLANS, QUOTA_EXCEEDED_REPLY, type PurchasablePlan } from "@chatwright/billing";
import { useTRPC, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { describeMessageUsage } from "../billingUsage";
import { useLocation } from "../router";
import { PageHeading } from "../components/PageHeading";
import "../billing/billing.css";
import { BillingIncidents } from "../billing/BillingIncidents";
import { EnterpriseRequestForm } from "../billing/EnterpriseRequestForm";
import { PlanSwitcher } from "../billing/PlanSwitcher";

const PLAN_RANK = { FREE: 0, STARTER: 1, PRO: 2, ENTERPRISE: 3 } as const;

/** What each plan adds, in the owner's words. */
const PLAN_FEATURES: Record<PurchasablePlan, string> = {
  STARTER: "An NLP bot on the flow canvas: intents recognised from your examples, FAQ answers, questions, conditions and handoff to your team. Website widget, 2,000 visitor messages a month.",
  PRO: "Custom workflows with AI replies (two AI models) and calls to your systems, analytics, and unlimited visitor messages.",
};

/**
 * The owner's plan, this month's messages against the quota, switching plans
 * (Checkout to start, a prorated switch here, the portal for the rest),
 * refunds and disputes, and asking for Enterprise.
 */
export function BillingPage({ workspace }: { workspace: WorkspaceSummary }) {
  if (workspace.role !== "OWNER") {
    return (
      <>
        <PageHeading>Billing</PageHeading>
        <p className="lede">Only the owner of this workspace can see and change its plan.</p>
      </>
    );
  }
  return <OwnerBilling workspaceId={workspace.id} />;
}

function OwnerBilling({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const { search } = useLocation();
  const checkout = new URLSearchParams(search).get("checkout");
  const status = useQuery(trpc.billing.status.queryOptions({ workspaceId }, { refetchInterval: checkout === "success" ? 5_000 : false }));
  const me = useQuery(trpc.auth.me.queryOptions());
  const redirect = { onSuccess: ({ url }: { url: string }) => window.location.assign(url) };
  const upgrade = useMutation(trpc.billing.checkout.mutationOptions(redirect));
  const manage = useMutation(trpc.billing.portal.mutationOptions(redirect));
  const isRedirecting = upgrade.isPending || upgrade.isSuccess || manage.isPending || manage.isSuccess;
  const failure = upgrade.error ?? manage.error;

  if (status.isPending) {
    return (
      <>
        <PageHeading>Billing</PageHeading>
        <p role="status">Loading…</p>
      </>
    );
  }
  if (status.isError) {
    return (
      <>
        <PageHeading>Billing</PageHeading>
        <p className="form-error" role="alert">
          {describeError(status.error).message}
        </p>
      </>
    );
  }
  const billing = status.data;
  const usage = describeMessageUsage(billing.usage);
  const upgrades = PURCHASABLE_PLANS.filter((plan) => PLAN_RANK[plan] > PLAN_RANK[billing.plan]);
  const canCheckout = billing.isConfigured && !billing.hasSubscription;
  const switchablePlan = billing.plan === "STARTER" || billing.plan === "PRO" ? billing.plan : null;
  const canSwitchHere = billing.hasSubscription && switchablePlan !== null && ["active", "trialing", "past_due"].includes(billing.subscriptionStatus ?? "");

  return (
    <>
      <PageHeading>Billing</PageHeading>
      {checkout === "success" ? (
        <p className="notice" role="status">
          Thank you! Your plan changes as soon as Stripe confirms the payment, usually within seconds.
        </p>
      ) : checkout === "cancelled" ? (
        <p className="notice" role="status">
          Checkout was cancelled; nothing was charged.
        </p>
      ) : null}

      <section aria-labelledby="plan-heading" className="panel">
        <h2 id="plan-heading">Current plan</h2>
        <p>
          <strong data-testid="billing-plan">{billing.planName}</strong>
          {billing.priceUsdPerMonth === null ? " — priced by contract" : billing.priceUsdPerMonth === 0 ? " — free" : ` — $${billing.priceUsdPerMonth} a month`}
          {billing.subscriptionStatus ? <span className="badge"> {describeSubscriptionStatus(billing.subscriptionStatus)}</span> : null}
        </p>
        {billing.subscriptionStatus === "past_due" ? (
          <p className="form-error" role="alert">
            Your last payment failed. Update your card with “Manage billing” to keep your plan.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="usage-heading" className="panel">
        <h2 id="usage-heading">Messages this month</h2>
        <p data-testid="billing-usage">{usage.text}</p>
        {usage.share !== null ? <meter min={0} max={1} low={0.8} high={0.95} optimum={0} value={usage.share} aria-label="Share of the monthly quota used" /> : null}
        {usage.isOverQuota ? (
          <p className="form-error" role="alert">
            This month's quota is used up: your bot now answers visitors with “{QUOTA_EXCEEDED_REPLY}” until next month. Upgrade to answer them again right away.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="change-heading" className="panel">
        <h2 id="change-heading">Change plan</h2>
        {!billing.isConfigured ? (
          <p className="lede" data-testid="billing-not-configured">
            Billing is not configured on this server, so plans cannot be bought here. The server's administrator sets plans (with <code>npm run admin -- set-plan</code>) or
            configures Stripe.
          </p>
        ) : (
          <>
            {canCheckout && upgrades.length > 0 ? (
              <ul className="plan-choices">
                {upgrades.map((plan) => {
                  const entitlements = entitlementsOf(plan);
                  return (
                    <li key={plan}>
                      <h3>
                        {entitlements.name} — ${entitlements.priceUsdPerMonth} a month
                      </h3>
                      <p>{PLAN_FEATURES[plan]}</p>
                      <button type="button" disabled={isRedirecting} onClick={() => upgrade.mutate({ workspaceId, plan })}>
                        Upgrade to {entitlements.name}
                      </button>
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {canSwitchHere && switchablePlan ? <PlanSwitcher workspaceId={workspaceId} currentPlan={switchablePlan} /> : null}
            {billing.hasCustomer ? (
              <p>
                Update your card, see invoices, change plan or cancel on Stripe's billing page.{" "}
                <button type="button" className="secondary" disabled={isRedirecting} onClick={() => manage.mutate({ workspaceId })}>
                  Manage billing
                </button>
              </p>
            ) : null}
          </>
        )}
        {failure ? (
          <p className="form-error" role="alert">
            {describeError(failure).message}
          </p>
        ) : isRedirecting ? (
          <p role="status">Opening Stripe…</p>
        ) : null}
      </section>

      {billing.incidents.length > 0 ? <BillingIncidents incidents={billing.incidents} /> : null}

      {billing.plan !== "ENTERPRISE" ? (
        <EnterpriseRequestForm workspaceId={workspaceId} ownerName={me.data?.user.name ?? ""} ownerEmail={me.data?.user.email ?? ""} lastRequest={billing.enterpriseRequest} key={me.data?.user.id ?? "loading"} />
      ) : null}
    </>
  );
}

function describeSubscriptionStatus(status: string): string {
  switch (status) {
    case "active":
      return "active";
    case "trialing":
      return "trial";
    case "past_due":
      return "payment failed";
    case "canceled":
      return "cancelled";
    default:
      return status.replace(/_/g, " ");
  }
}
