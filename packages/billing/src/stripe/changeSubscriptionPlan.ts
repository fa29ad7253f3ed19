import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@chatwright/db";
import type { PurchasablePlan } from "../plans";
import { applyStripeEvent, type StripeEventEffects } from "./applyStripeEvent";
import { BillingError } from "./BillingError";
import type { StripeBilling } from "./createStripeBilling";

const subscriptionItemsSchema = z.object({ id: z.string(), status: z.string(), items: z.object({ data: z.array(z.object({ id: z.string(), price: z.object({ id: z.string() }) })).min(1) }) });
const previewSchema = z.object({
  currency: z.string(),
  amount_due: z.number().int(),
  total: z.number().int(),
  lines: z.object({ data: z.array(z.object({ amount: z.number().int(), description: z.string().nullish() })) }),
});

/** Subscriptions whose plan can be switched in place (an ended or unpaid one starts over with Checkout). */
const SWITCHABLE_STATUSES = new Set(["active", "trialing", "past_due"]);

export interface PlanChangePreview {
  plan: PurchasablePlan;
  currency: string;
  /** What the owner pays now (cents); 0 when the change leaves a credit. */
  amountDueNow: number;
  /** Proration total (cents): negative is a credit toward the next invoices. */
  prorationTotal: number;
  lines: { description: string; amount: number }[];
}

function stripeFailed(what: string, error: unknown): BillingError {
  return new BillingError("STRIPE_FAILED", `Stripe did not ${what} (${error instanceof Error ? error.message : "unknown error"}). Try again in a minute.`);
}

/** The workspace's live subscription and its one item, or the reason the plan cannot be switched here. */
async function switchableSubscription(db: Db, billing: StripeBilling, input: { workspaceId: string; plan: PurchasablePlan }) {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { stripeSubscriptionId: true } });
  if (!workspace.stripeSubscriptionId) throw new BillingError("NO_SUBSCRIPTION", "This workspace has no subscription to change. Choose a plan first.");
  let subscription;
  try {
    subscription = subscriptionItemsSchema.parse(await billing.stripe.subscriptions.retrieve(workspace.stripeSubscriptionId));
  } catch (error) {
    throw stripeFailed("read the subscription", error);
  }
  if (!SWITCHABLE_STATUSES.has(subscription.status)) {
    throw new BillingError("NO_SUBSCRIPTION", `The subscription is ${subscription.status.replaceAll("_", " ")}; choose a plan again to start a new one.`);
  }
  const [item] = subscription.items.data;
  if (!item) throw new BillingError("NO_SUBSCRIPTION", "This workspace has no subscription to change. Choose a plan first.");
  const price = billing.prices[input.plan];
  if (item.price.id === price) throw new BillingError("ALREADY_SUBSCRIBED", "This workspace is already on that plan.");
  return { subscriptionId: subscription.id, itemId: item.id, price };
}

/**
 * What switching the subscription to `plan` costs today: Stripe's preview of
 * the prorated invoice (unused time on the old price credited, the rest of
 * the period on the new one charged). Nothing changes.
 */
export async function previewPlanChange(db: Db, billing: StripeBilling, input: { workspaceId: string; plan: PurchasablePlan }): Promise<PlanChangePreview> {
  const target = await switchableSubscription(db, billing, input);
  let invoice;
  try {
    invoice = previewSchema.parse(
      await billing.stripe.invoices.createPreview({
        subscription: target.subscriptionId,
        subscription_details: { items: [{ id: target.itemId, price: target.price }], proration_behavior: "always_invoice" },
      }),
    );
  } catch (error) {
    throw stripeFailed("preview the change", error);
  }
  return {
    plan: input.plan,
    currency: invoice.currency,
    amountDueNow: invoice.amount_due,
    prorationTotal: invoice.total,
    lines: invoice.lines.data.map((line) => ({ description: line.description ?? "", amount: line.amount })),
  };
}

/**
 * Switches the subscription to `plan` now, prorated and invoiced at once (an
 * upgrade is charged today, a downgrade leaves a credit), then applies the
 * subscription Stripe returns exactly as its webhook would — so the Billing
 * page shows the new plan at once, and the webhook that follows is a no-op.
 */
export async function changeSubscriptionPlan(
  db: Db,
  billing: StripeBilling,
  input: { workspaceId: string; plan: PurchasablePlan },
  effects: StripeEventEffects = {},
): Promise<void> {
  const target = await switchableSubscription(db, billing, input);
  let updated;
  try {
    updated = await billing.stripe.subscriptions.update(target.subscriptionId, {
      items: [{ id: target.itemId, price: target.price }],
      proration_behavior: "always_invoice",
      metadata: { workspaceId: input.workspaceId, plan: input.plan },
    });
  } catch (error) {
    throw stripeFailed("change the plan", error);
  }
  // Recorded like an event, under our own id (Stripe's are evt_...), so the audit trail says where it came from.
  await applyStripeEvent(db, billing, { id: `chatwright_plan_change_${target.subscriptionId}_${randomUUID()}`, type: "customer.subscription.updated", data: { object: updated } }, effects);
}
