/**
 * What billing refuses, in words an owner can act on. The API maps the code
 * to a client error (NOT_CONFIGURED and ALREADY_SUBSCRIBED / NO_SUBSCRIPTION
 * to PRECONDITION_FAILED, STRIPE_FAILED to a server error).
 */
export type BillingErrorCode = "NOT_CONFIGURED" | "ALREADY_SUBSCRIBED" | "NO_SUBSCRIPTION" | "STRIPE_FAILED";

export class BillingError extends Error {
  override name = "BillingError";
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const BILLING_NOT_CONFIGURED_MESSAGE = "Billing is not configured on this server: set STRIPE_SECRET_KEY (and the price ids) to sell plans.";
