import { describe, expect, it } from "vitest";
import { assertCanUseFlowBuilder, canUseFlowBuilder } from "./entitlements";

describe("canUseFlowBuilder", () => {
  it("allows Starter (its NLP steps), Pro and Enterprise", () => {
    expect(canUseFlowBuilder("FREE")).toBe(false);
    expect(canUseFlowBuilder("STARTER")).toBe(true);
    expect(canUseFlowBuilder("PRO")).toBe(true);
    expect(canUseFlowBuilder("ENTERPRISE")).toBe(true);
  });

  it("refuses with the upgrade message", () => {
    expect(() => assertCanUseFlowBuilder("FREE")).toThrow("The flow builder is part of the Starter and Pro plans. Upgrade to edit flows.");
    expect(() => assertCanUseFlowBuilder("PRO")).not.toThrow();
  });
});
