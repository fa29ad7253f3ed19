import type { Db } from "@chatwright/db";
import { BillingError } from "./BillingError";
import { billingPageUrl } from "./billingPageUrl";
import type { StripeBilling } from "./createStripeBilling";

/** A Stripe customer portal session (change plan, card, invoices, cancel); the owner is redirected to its URL. */
export async function openCustomerPortal(db: Db, billing: StripeBilling, input: { workspaceId: string }): Promise<{ url: string }> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { stripeCustomerId: true } });
  if (!workspace.stripeCustomerId) {
    throw new BillingError("NO_SUBSCRIPTION", "This workspace has no Stripe subscription yet. Choose a plan first.");
  }
  try {
    const session = await billing.stripe.billingPortal.sessions.create({ customer: workspace.stripeCustomerId, return_url: billingPageUrl(billing, input.workspaceId) });
    return { url: session.url };
  } catch (error) {
    throw new BillingError("STRIPE_FAILED", `Stripe did not open the billing portal (${error instanceof Error ? error.message : "unknown error"}). Try again in a minute.`);
  }
}
