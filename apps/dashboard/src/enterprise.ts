import { entitlementsOf } from "@chatwright/billing";
import type { WorkspaceSummary } from "./trpc";

/**
 * The same plan table the server enforces (packages/api/src/enterprise reads
 * it too); this only decides what Settings shows.
 */
export function canUseApiKeys(plan: WorkspaceSummary["plan"]): boolean {
  return entitlementsOf(plan).canUseApiKeys;
}

/** The workspace's own OpenRouter key: part of "advanced models". */
export function canUseOwnLlmKey(plan: WorkspaceSummary["plan"]): boolean {
  return entitlementsOf(plan).canUseAdvancedModels;
}
