import type Stripe from "stripe";
import type { StripeBilling } from "./createStripeBilling";

/**
 * Verifies a webhook delivery: the raw body, byte for byte, against the
 * `Stripe-Signature` header and STRIPE_WEBHOOK_SECRET (with Stripe's default
 * five-minute tolerance against replays of old deliveries). Throws when the
 * signature is missing, forged or stale.
 */
export function constructStripeEvent(billing: Pick<StripeBilling, "stripe" | "webhookSecret">, input: { rawBody: Buffer; signature: string | undefined }): Stripe.Event {
  if (!input.signature) throw new Error("No Stripe-Signature header.");
  return billing.stripe.webhooks.constructEvent(input.rawBody, input.signature, billing.webhookSecret);
}
