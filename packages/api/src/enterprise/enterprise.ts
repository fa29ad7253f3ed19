import { entitlementsOf } from "@chatwright/billing";
import type { Plan } from "@chatwright/db";
import { DomainError } from "../errors";

/**
 * Enterprise-only features (workflow API keys, the workspace's own LLM key),
 * answered by the billing package's plan table: apiAccess is `canUseApiKeys`,
 * ownLlmKey (bring your own key, part of "advanced models") is
 * `canUseAdvancedModels`; webhooks go with the API (`canUseApiKeys`).
 */
export type EnterpriseFeature = "apiAccess" | "ownLlmKey" | "webhooks";

const FEATURE_NAMES: Record<EnterpriseFeature, string> = {
  apiAccess: "API access with API keys",
  ownLlmKey: "Your own OpenRouter key",
  webhooks: "Webhooks",
};

export function hasEnterpriseFeature(plan: Plan, feature: EnterpriseFeature): boolean {
  const entitlements = entitlementsOf(plan);
  return feature === "ownLlmKey" ? entitlements.canUseAdvancedModels : entitlements.canUseApiKeys;
}

export function enterpriseUpgradeMessage(feature: EnterpriseFeature): string {
  return `${FEATURE_NAMES[feature]} is part of the Enterprise plan. Upgrade this workspace to use it.`;
}

/** Throws the upgrade message (FORBIDDEN for API callers, PRECONDITION_FAILED in the dashboard) before anything is written. */
export function assertEnterpriseFeature(plan: Plan, feature: EnterpriseFeature, code: "FORBIDDEN" | "PRECONDITION_FAILED" = "PRECONDITION_FAILED"): void {
  if (!hasEnterpriseFeature(plan, feature)) throw new DomainError(code, enterpriseUpgradeMessage(feature), { reason: "planRequired", plan, required: "ENTERPRISE" });
}
