import { z } from "zod";
import type { Db } from "@chatwright/db";
import type { StripeBilling } from "./createStripeBilling";

/** What Stripe says now, read before the event's transaction (no transaction waits on Stripe's API). */
export interface CurrentStripeState {
  /** The subscription as Stripe has it now (raw, parsed by the caller); null when there is none to read or Stripe no longer knows it. */
  subscription: unknown;
  /** The customer a refund or dispute concerns (a dispute names only its charge). */
  customerId: string | null;
}

const idOf = z.union([z.string(), z.object({ id: z.string() })]).transform((value) => (typeof value === "string" ? value : value.id));
const withId = z.object({ id: z.string() });
const chargeSchema = z.object({ customer: idOf.nullish() });
const disputeSchema = z.object({ charge: idOf });

const INCIDENT_TYPES = new Set(["charge.refunded", "charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed"]);

/** Stripe's own error carries its HTTP status, which the webhook route would answer with; this one is our failure (500). */
function unreadable(what: string, error: unknown): Error {
  return new Error(`Could not read the ${what} from Stripe (${error instanceof Error ? error.message : "unknown error"}); Stripe will deliver the event again.`, { cause: error });
}

function isMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "resource_missing";
}

async function retrieveSubscription(billing: Pick<StripeBilling, "stripe">, subscriptionId: string): Promise<unknown> {
  try {
    return await billing.stripe.subscriptions.retrieve(subscriptionId);
  } catch (error) {
    // Deleted in test mode or another account's: the event's own copy is all there is.
    if (isMissing(error)) return null;
    throw unreadable("subscription", error);
  }
}

/**
 * Stripe delivers events in any order and retries old ones late, so a
 * subscription event's own copy may be stale ("updated: active" arriving after
 * "deleted"). The plan follows the subscription as Stripe has it now,
 * retrieved here; a refund or dispute re-reads the workspace's subscription the
 * same way (Stripe may have cancelled it). A failure to reach Stripe throws:
 * the webhook answers 500 and Stripe delivers the event again later.
 */
export async function readCurrentStripeState(db: Db, billing: Pick<StripeBilling, "stripe">, type: string, object: unknown): Promise<CurrentStripeState> {
  if (type.startsWith("customer.subscription.")) {
    const subscription = withId.safeParse(object);
    return { subscription: subscription.success ? await retrieveSubscription(billing, subscription.data.id) : null, customerId: null };
  }
  if (!INCIDENT_TYPES.has(type)) return { subscription: null, customerId: null };
  let customerId: string | null = null;
  if (type === "charge.refunded") {
    customerId = chargeSchema.safeParse(object).data?.customer ?? null;
  } else {
    const dispute = disputeSchema.safeParse(object);
    if (dispute.success) {
      try {
        customerId = chargeSchema.parse(await billing.stripe.charges.retrieve(dispute.data.charge)).customer ?? null;
      } catch (error) {
        if (!isMissing(error)) throw unreadable("disputed charge", error);
      }
    }
  }
  if (customerId === null) return { subscription: null, customerId: null };
  const workspace = await db.workspace.findUnique({ where: { stripeCustomerId: customerId }, select: { stripeSubscriptionId: true } });
  const subscription = workspace?.stripeSubscriptionId ? await retrieveSubscription(billing, workspace.stripeSubscriptionId) : null;
  return { subscription, customerId };
}
