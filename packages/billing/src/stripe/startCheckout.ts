import type { Db } from "@chatwright/db";
import type { PurchasablePlan } from "../plans";
import { BillingError } from "./BillingError";
import type { StripeBilling } from "./createStripeBilling";
import { billingPageUrl } from "./billingPageUrl";

/** Subscriptions in these states are still the workspace's: a second Checkout would bill twice. */
const LIVE_SUBSCRIPTION_STATUSES = new Set(["active", "trialing", "past_due", "incomplete", "unpaid", "paused"]);

/**
 * A Stripe Checkout session (subscription mode) for one plan; the owner is
 * redirected to its URL. The workspace id travels as client_reference_id and
 * in the subscription's metadata, so webhooks find the workspace whichever
 * event arrives first. A workspace that already pays changes plans in the
 * customer portal instead.
 */
export async function startCheckout(
  db: Db,
  billing: StripeBilling,
  input: { workspaceId: string; plan: PurchasablePlan; ownerEmail: string },
): Promise<{ url: string }> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: input.workspaceId },
    select: { stripeCustomerId: true, stripeSubscriptionId: true, subscriptionStatus: true },
  });
  if (workspace.stripeSubscriptionId && LIVE_SUBSCRIPTION_STATUSES.has(workspace.subscriptionStatus ?? "active")) {
    throw new BillingError("ALREADY_SUBSCRIBED", "This workspace already has a subscription. Change plans with “Manage billing”.");
  }
  const metadata = { workspaceId: input.workspaceId, plan: input.plan };
  let session;
  try {
    session = await billing.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: billing.prices[input.plan], quantity: 1 }],
      client_reference_id: input.workspaceId,
      ...(workspace.stripeCustomerId ? { customer: workspace.stripeCustomerId } : { customer_email: input.ownerEmail }),
      metadata,
      subscription_data: { metadata },
      allow_promotion_codes: true,
      success_url: billingPageUrl(billing, input.workspaceId, "success"),
      cancel_url: billingPageUrl(billing, input.workspaceId, "cancelled"),
    });
  } catch (error) {
    throw new BillingError("STRIPE_FAILED", `Stripe did not open a checkout page (${error instanceof Error ? error.message : "unknown error"}). Try again in a minute.`);
  }
  if (!session.url) throw new BillingError("STRIPE_FAILED", "Stripe did not return a checkout page. Try again in a minute.");
  return { url: session.url };
}
