import type { WorkspaceSummary } from "../trpc";

/**
 * Mirrors packages/api/src/flows/entitlements.ts (the server enforces it;
 * this only decides what to show): the canvas is for Pro and Enterprise.
 */
export function canUseFlowBuilder(plan: WorkspaceSummary["plan"]): boolean {
  return plan === "PRO" || plan === "ENTERPRISE";
}
