import Stripe from "stripe";
import type { Plan } from "@chatwright/db";
import type { PurchasablePlan } from "../plans";

export interface StripeBillingConfig {
  /** STRIPE_SECRET_KEY */
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET: verifies POST /stripe/webhook. */
  webhookSecret: string;
  /** STRIPE_PRICE_STARTER / STRIPE_PRICE_PRO: the recurring prices Checkout sells. */
  prices: Record<PurchasablePlan, string>;
  /** Where Checkout and the portal send the owner back (PUBLIC_URL). */
  publicUrl: string;
  /** Another address for Stripe's API: the tests' local stand-in (`protocol: "http"`). */
  api?: { host: string; port: number; protocol: "http" | "https" };
}

export interface StripeBilling {
  stripe: Stripe;
  webhookSecret: string;
  prices: Record<PurchasablePlan, string>;
  publicUrl: string;
  /** The plan a Stripe price sells; null for a price this server does not know. */
  planOfPrice(priceId: string): Plan | null;
}

/** The Stripe client and the price table, built once per process from the server's env. */
export function createStripeBilling(config: StripeBillingConfig): StripeBilling {
  const stripe = new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "Chatwright" },
    ...(config.api ? { host: config.api.host, port: config.api.port, protocol: config.api.protocol } : {}),
  });
  const byPrice = new Map<string, Plan>(Object.entries(config.prices).map(([plan, price]) => [price, plan as PurchasablePlan]));
  return {
    stripe,
    webhookSecret: config.webhookSecret,
    prices: config.prices,
    publicUrl: config.publicUrl.replace(/\/+$/, ""),
    planOfPrice: (priceId) => byPrice.get(priceId) ?? null,
  };
}
