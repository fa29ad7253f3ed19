import { createContext } from "react";
import { entitlementsOf } from "@chatwright/billing";
import type { NodeTypeName } from "@chatwright/flow";
import type { WorkspaceSummary } from "../trpc";

/** The steps a plan's canvas offers, and why the others are missing; null: every step. */
export interface PlanSteps {
  stepTypes: readonly NodeTypeName[];
  note: string;
}

/** Read by the palette; FlowPage provides it from the workspace's plan (the server checks the same table at publish). */
export const PlanStepsContext = createContext<PlanSteps | null>(null);

export function planStepsOf(plan: WorkspaceSummary["plan"]): PlanSteps | null {
  const { flowStepTypes, name } = entitlementsOf(plan);
  if (flowStepTypes === null) return null;
  return { stepTypes: flowStepTypes, note: `${name} plan: AI replies, HTTP requests and variables are part of Pro.` };
}
