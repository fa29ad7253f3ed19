import { findPlanIssues, isModelAllowedOnPlan, modelNotOnPlanMessage, PLANS } from "@chatwright/api";
import { entitlementsOf } from "@chatwright/billing";
import type { Plan } from "@chatwright/db";
import type { FlowServices } from "@chatwright/flow";

/** A step the workspace's plan does not include, refused at run time: the node takes its error path (or the flow's fallback message). */
export class PlanStepRefusedError extends Error {
  override name = "PlanStepRefusedError";
  readonly code = "plan_step_refused";
}

/**
 * The run-time half of the plan rules (publish is the other half, in
 * @chatwright/api's findPlanIssues): a flow version published before a
 * downgrade, imported around the canvas or written straight to the database
 * still cannot call a model, an AI reply or an http request the workspace's
 * plan lacks. The plan is read once per turn, at the first such call, so turns
 * without one cost no query.
 */
export function guardFlowServicesByPlan(services: FlowServices, options: { readPlan: () => Promise<Plan> }): FlowServices {
  let plan: Promise<Plan> | null = null;
  const planOfTurn = () => (plan ??= options.readPlan());
  return {
    ...services,
    async generate(request) {
      const current = await planOfTurn();
      if (!entitlementsOf(current).canUseAiSteps) {
        throw new PlanStepRefusedError(`AI-written replies are not part of the ${entitlementsOf(current).name} plan.`);
      }
      const model = request.model?.trim();
      if (model && !isModelAllowedOnPlan(current, model)) throw new PlanStepRefusedError(modelNotOnPlanMessage(current, model));
      return services.generate(request);
    },
    async httpRequest(request) {
      const current = await planOfTurn();
      if (findPlanIssues({ nodes: [{ id: "http", type: "http", data: {} }] }, current).length > 0) {
        throw new PlanStepRefusedError(`HTTP request steps are not part of the ${entitlementsOf(current).name} plan.`);
      }
      return services.httpRequest(request);
    },
  };
}

/** The plan column as a Plan; an unknown value (a newer enum) is treated as Free, the safe side. */
export function parsePlan(value: string | undefined): Plan {
  return PLANS.find((plan) => plan === value) ?? "FREE";
}
