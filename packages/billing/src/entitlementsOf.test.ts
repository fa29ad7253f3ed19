import { describe, expect, it } from "vitest";
import { entitlementsOf, isOverMessageQuota, PLANS } from "./index";

describe("entitlementsOf", () => {
  it("gives Free a basic FAQ bot on the web with 500 messages a month", () => {
    expect(entitlementsOf("FREE")).toMatchObject({
      priceUsdPerMonth: 0,
      monthlyVisitorMessages: 500,
      channels: ["web"],
      canUseFaqBot: true,
      canUseIntents: false,
      canUseFlowBuilder: false,
      canUseAnalytics: false,
    });
  });

  it("gives Starter the NLP bot on the web with 2,000 messages a month for $10: the canvas with intents, FAQ and plain steps, no AI or http", () => {
    expect(entitlementsOf("STARTER")).toMatchObject({ priceUsdPerMonth: 10, monthlyVisitorMessages: 2000, channels: ["web"], canUseIntents: true, canUseFlowBuilder: true, canUseAiSteps: false });
    expect(entitlementsOf("STARTER").flowStepTypes).toEqual(["start", "listen", "intent", "faq", "message", "ask", "condition", "handoff", "end"]);
    expect(entitlementsOf("FREE").flowStepTypes).not.toContain("intent");
  });

  it("gives Pro the flow builder and analytics with unlimited messages for $29", () => {
    expect(entitlementsOf("PRO")).toMatchObject({ priceUsdPerMonth: 29, monthlyVisitorMessages: null, canUseFlowBuilder: true, flowStepTypes: null, canUseAiSteps: true, canUseAnalytics: true, canUseApiKeys: false });
  });

  it("gives Enterprise everything, priced by contract", () => {
    expect(entitlementsOf("ENTERPRISE")).toMatchObject({
      priceUsdPerMonth: null,
      monthlyVisitorMessages: null,
      canUseAdvancedModels: true,
      canUseWhiteLabel: true,
      canUseApiKeys: true,
    });
  });

  it("never takes a feature away when moving up a plan", () => {
    const flags = ["canUseFaqBot", "canUseIntents", "canUseFlowBuilder", "canUseAiSteps", "canUseAnalytics", "canUseAdvancedModels", "canUseWhiteLabel", "canUseApiKeys"] as const;
    for (let i = 1; i < PLANS.length; i++) {
      const lower = entitlementsOf(PLANS[i - 1] ?? "FREE");
      const higher = entitlementsOf(PLANS[i] ?? "FREE");
      for (const flag of flags) if (lower[flag]) expect(higher[flag], `${higher.plan}.${flag}`).toBe(true);
    }
  });
});

describe("isOverMessageQuota", () => {
  it("answers the quota's last message and refuses the next", () => {
    expect(isOverMessageQuota("FREE", 500)).toBe(false);
    expect(isOverMessageQuota("FREE", 501)).toBe(true);
    expect(isOverMessageQuota("STARTER", 2000)).toBe(false);
    expect(isOverMessageQuota("STARTER", 2001)).toBe(true);
  });

  it("is never over on unlimited plans", () => {
    expect(isOverMessageQuota("PRO", 10_000_000)).toBe(false);
    expect(isOverMessageQuota("ENTERPRISE", 10_000_000)).toBe(false);
  });
});
