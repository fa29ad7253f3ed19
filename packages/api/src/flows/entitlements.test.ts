import { describe, expect, it } from "vitest";
import { assertCanUseFlowBuilder, canUseFlowBuilder } from "./entitlements";

describe("canUseFlowBuilder", () => {
  it("allows Pro and Enterprise only", () => {
    expect(canUseFlowBuilder("FREE")).toBe(false);
    expect(canUseFlowBuilder("STARTER")).toBe(false);
    expect(canUseFlowBuilder("PRO")).toBe(true);
    expect(canUseFlowBuilder("ENTERPRISE")).toBe(true);
  });

  it("refuses with the upgrade message", () => {
    expect(() => assertCanUseFlowBuilder("STARTER")).toThrow("The flow builder is part of the Pro plan. Upgrade to edit flows.");
    expect(() => assertCanUseFlowBuilder("PRO")).not.toThrow();
  });
});
