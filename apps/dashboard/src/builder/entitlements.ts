import { entitlementsOf } from "@chatwright/billing";
import type { WorkspaceSummary } from "../trpc";

/**
 * The same plan table the server enforces (@chatwright/billing); this only
 * decides what to show: the canvas is for Pro and Enterprise.
 */
export function canUseFlowBuilder(plan: WorkspaceSummary["plan"]): boolean {
  return entitlementsOf(plan).canUseFlowBuilder;
}
