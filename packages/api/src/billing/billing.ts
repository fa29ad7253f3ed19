import type { Db, DbClients, Plan } from "@chatwright/db";
import { entitlementsOf, type PurchasablePlan } from "@chatwright/billing";
import { readMessageUsage } from "@chatwright/billing/usage";
import {
  BILLING_NOT_CONFIGURED_MESSAGE,
  BillingError,
  changeSubscriptionPlan,
  openCustomerPortal,
  previewPlanChange,
  startCheckout,
  type PlanChangePreview,
  type StripeBilling,
} from "@chatwright/billing/stripe";
import { DomainError } from "../errors";
import { enforcePlanOnBots } from "../flows/enforcePlanOnBots";

export interface BillingStatus {
  /** False when the server has no STRIPE_SECRET_KEY: plans are set with the admin CLI. */
  isConfigured: boolean;
  plan: Plan;
  planName: string;
  priceUsdPerMonth: number | null;
  subscriptionStatus: string | null;
  /** A Stripe customer exists: the portal can be opened. */
  hasCustomer: boolean;
  hasSubscription: boolean;
  usage: { month: string; visitorMessages: number; quota: number | null };
  /** Refunds and disputes Stripe reported, newest first (the last 20). */
  incidents: BillingIncidentSummary[];
  /** The newest Enterprise request from this workspace, if any. */
  enterpriseRequest: { createdAt: Date; contactName: string; email: string } | null;
}

export interface BillingIncidentSummary {
  kind: "refund" | "dispute";
  /** Cents (the currency's smallest unit). */
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The workspace's plan, subscription and this month's messages against the quota. */
export async function readBillingStatus(deps: { db: Db; pool: Pick<DbClients["pool"], "query">; billing: StripeBilling | null | undefined; now: () => Date }, workspaceId: string): Promise<BillingStatus> {
  const workspace = await deps.db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { plan: true, subscriptionStatus: true, stripeCustomerId: true, stripeSubscriptionId: true },
  });
  const entitlements = entitlementsOf(workspace.plan);
  const [usage, incidents, enterpriseRequest] = await Promise.all([
    readMessageUsage(deps.pool, { workspaceId, at: deps.now() }),
    deps.db.billingIncident.findMany({
      where: { workspaceId },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { kind: true, amount: true, currency: true, status: true, reason: true, createdAt: true, updatedAt: true },
    }),
    deps.db.enterpriseRequest.findFirst({ where: { workspaceId }, orderBy: { createdAt: "desc" }, select: { createdAt: true, contactName: true, email: true } }),
  ]);
  return {
    isConfigured: Boolean(deps.billing),
    plan: workspace.plan,
    planName: entitlements.name,
    priceUsdPerMonth: entitlements.priceUsdPerMonth,
    subscriptionStatus: workspace.subscriptionStatus,
    hasCustomer: workspace.stripeCustomerId !== null,
    hasSubscription: workspace.stripeSubscriptionId !== null,
    usage: { ...usage, quota: entitlements.monthlyVisitorMessages },
    incidents: incidents.map((incident) => ({ ...incident, kind: incident.kind === "dispute" ? "dispute" : "refund" })),
    enterpriseRequest,
  };
}

function configured(billing: StripeBilling | null | undefined): StripeBilling {
  if (!billing) throw new DomainError("PRECONDITION_FAILED", BILLING_NOT_CONFIGURED_MESSAGE, { reason: "billingNotConfigured" });
  return billing;
}

function domainErrorOf(error: unknown): unknown {
  if (!(error instanceof BillingError)) return error;
  switch (error.code) {
    case "NOT_CONFIGURED":
      return new DomainError("PRECONDITION_FAILED", error.message, { reason: "billingNotConfigured" });
    case "ALREADY_SUBSCRIBED":
    case "NO_SUBSCRIPTION":
      return new DomainError("PRECONDITION_FAILED", error.message, { reason: error.code === "ALREADY_SUBSCRIBED" ? "alreadySubscribed" : "noSubscription" });
    case "STRIPE_FAILED":
      // Not the owner's doing: an internal error (logged by the server) that keeps its plain-words message.
      return error;
  }
}

/** The Stripe Checkout URL the owner is sent to. */
export async function checkoutWorkspacePlan(deps: { db: Db; billing: StripeBilling | null | undefined }, input: { workspaceId: string; plan: PurchasablePlan; ownerEmail: string }): Promise<{ url: string }> {
  const billing = configured(deps.billing);
  try {
    return await startCheckout(deps.db, billing, input);
  } catch (error) {
    throw domainErrorOf(error);
  }
}

/** The Stripe customer portal URL the owner is sent to. */
export async function openWorkspaceBillingPortal(deps: { db: Db; billing: StripeBilling | null | undefined }, input: { workspaceId: string }): Promise<{ url: string }> {
  const billing = configured(deps.billing);
  try {
    return await openCustomerPortal(deps.db, billing, input);
  } catch (error) {
    throw domainErrorOf(error);
  }
}

/** What switching the subscription to `plan` costs today (Stripe's prorated preview); nothing changes. */
export async function previewWorkspacePlanChange(deps: { db: Db; billing: StripeBilling | null | undefined }, input: { workspaceId: string; plan: PurchasablePlan }): Promise<PlanChangePreview> {
  const billing = configured(deps.billing);
  try {
    return await previewPlanChange(deps.db, billing, input);
  } catch (error) {
    throw domainErrorOf(error);
  }
}

/**
 * Switches the subscription to `plan` from the Billing page, prorated and
 * invoiced at once; the new plan applies immediately, and on a downgrade bots
 * whose flow the plan cannot run fall back to the FAQ bot.
 */
export async function changeWorkspacePlan(deps: { db: Db; billing: StripeBilling | null | undefined }, input: { workspaceId: string; plan: PurchasablePlan }): Promise<void> {
  const billing = configured(deps.billing);
  try {
    await changeSubscriptionPlan(deps.db, billing, input, { onPlanApplied: async (applied) => void (await enforcePlanOnBots(deps.db, applied)) });
  } catch (error) {
    throw domainErrorOf(error);
  }
}
