import { describe, expect, it } from "vitest";
import { readServerEnv } from "./env";

const complete = {
  STRIPE_SECRET_KEY: "sk_test_abc123",
  STRIPE_WEBHOOK_SECRET: "whsec_abc123",
  STRIPE_PRICE_STARTER: "price_starter1",
  STRIPE_PRICE_PRO: "price_pro1",
};

describe("Stripe settings", () => {
  it("leave billing off when STRIPE_SECRET_KEY is unset or empty", () => {
    expect(readServerEnv({}).stripe).toBeNull();
    expect(readServerEnv({ STRIPE_SECRET_KEY: "", STRIPE_PRICE_PRO: "price_pro1" }).stripe).toBeNull();
  });

  it("are read together", () => {
    expect(readServerEnv(complete).stripe).toEqual({ secretKey: "sk_test_abc123", webhookSecret: "whsec_abc123", prices: { STARTER: "price_starter1", PRO: "price_pro1" } });
  });

  it("refuse to start with a key but no webhook secret or prices, naming what is missing", () => {
    expect(() => readServerEnv({ STRIPE_SECRET_KEY: "sk_live_abc" })).toThrow(/STRIPE_WEBHOOK_SECRET: required[\s\S]*STRIPE_PRICE_STARTER: required[\s\S]*STRIPE_PRICE_PRO: required/);
  });

  it("refuse values of the wrong kind (a publishable key, a product id)", () => {
    expect(() => readServerEnv({ ...complete, STRIPE_SECRET_KEY: "pk_test_abc" })).toThrow("STRIPE_SECRET_KEY");
    expect(() => readServerEnv({ ...complete, STRIPE_PRICE_PRO: "prod_abc" })).toThrow("STRIPE_PRICE_PRO");
  });
});
