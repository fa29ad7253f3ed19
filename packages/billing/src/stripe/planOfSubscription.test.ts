import { describe, expect, it } from "vitest";
import { planOfSubscription } from "./planOfSubscription";

describe("planOfSubscription", () => {
  it("gives the price's plan while the subscription is paid up or being retried", () => {
    for (const status of ["active", "trialing", "past_due"]) expect(planOfSubscription({ status, pricePlan: "PRO", currentPlan: "FREE" })).toBe("PRO");
  });

  it("falls back to Free when the subscription ended or stopped being paid", () => {
    for (const status of ["canceled", "unpaid", "paused", "incomplete_expired"]) expect(planOfSubscription({ status, pricePlan: "PRO", currentPlan: "PRO" })).toBe("FREE");
  });

  it("changes nothing before the first payment, or for a price it does not know", () => {
    expect(planOfSubscription({ status: "incomplete", pricePlan: "PRO", currentPlan: "FREE" })).toBe("FREE");
    expect(planOfSubscription({ status: "active", pricePlan: null, currentPlan: "ENTERPRISE" })).toBe("ENTERPRISE");
  });
});
