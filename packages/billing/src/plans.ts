import type { Plan } from "@chatwright/db";

export const PLANS = ["FREE", "STARTER", "PRO", "ENTERPRISE"] as const satisfies readonly Plan[];

/** The plans an owner can buy through Stripe Checkout (Enterprise is sold by contract). */
export const PURCHASABLE_PLANS = ["STARTER", "PRO"] as const satisfies readonly Plan[];
export type PurchasablePlan = (typeof PURCHASABLE_PLANS)[number];

export function isPurchasablePlan(value: string): value is PurchasablePlan {
  return (PURCHASABLE_PLANS as readonly string[]).includes(value);
}
