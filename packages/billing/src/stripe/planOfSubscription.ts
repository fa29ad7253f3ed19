import type { Plan } from "@chatwright/db";

/**
 * The plan a workspace has while its subscription is in `status`. Paid-up
 * states (and past_due, while Stripe retries the card) give the price's plan;
 * an unpaid first invoice (incomplete) changes nothing yet; a subscription
 * that ended or stopped being paid (canceled, unpaid, paused,
 * incomplete_expired) falls back to Free. A price this server does not know
 * keeps the current plan rather than guessing.
 */
export function planOfSubscription(input: { status: string; pricePlan: Plan | null; currentPlan: Plan }): Plan {
  switch (input.status) {
    case "active":
    case "trialing":
    case "past_due":
      return input.pricePlan ?? input.currentPlan;
    case "canceled":
    case "unpaid":
    case "paused":
    case "incomplete_expired":
      return "FREE";
    default:
      return input.currentPlan;
  }
}
