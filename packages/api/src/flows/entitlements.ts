import type { Plan } from "@chatwright/db";
import { entitlementsOf } from "@chatwright/billing";
import { DomainError } from "../errors";

export const FLOW_BUILDER_UPGRADE_MESSAGE = "The flow builder is part of the Starter and Pro plans. Upgrade to edit flows.";

/**
 * The canvas opens from Starter up (Starter with the NLP bot's steps only,
 * checked at publish by findPlanIssues); Free gets the fixed FAQ-bot setup.
 * The plan table is @chatwright/billing's.
 */
export function canUseFlowBuilder(plan: Plan): boolean {
  return entitlementsOf(plan).canUseFlowBuilder;
}

/** Throws the upgrade message (PRECONDITION_FAILED) before anything is written. */
export function assertCanUseFlowBuilder(plan: Plan): void {
  if (!canUseFlowBuilder(plan)) throw new DomainError("PRECONDITION_FAILED", FLOW_BUILDER_UPGRADE_MESSAGE, { reason: "planRequired", plan });
}
