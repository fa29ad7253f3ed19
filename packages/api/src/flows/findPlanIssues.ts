import { entitlementsOf } from "@chatwright/billing";
import type { Plan } from "@chatwright/db";
import { getNodeType, isNodeTypeName } from "@chatwright/flow";
import { LlmModelNotAllowedError, MODELS, resolveModel } from "@chatwright/llm";
import { z } from "zod";

export type PlanIssueCode = "stepNotOnPlan" | "aiAnswerNotOnPlan" | "modelNotOnPlan";

/** A step of a flow the workspace's plan cannot run; shaped like the validator's issues so the canvas marks the card. */
export interface PlanIssue {
  code: PlanIssueCode;
  message: string;
  nodeId: string;
}

/** Only what the plan rules read; the validator checks the rest. */
const looseNodeSchema = z.object({ id: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()).catch({}) });
const looseGraphSchema = z.object({ nodes: z.array(z.unknown()) });

const modelOf = (data: Record<string, unknown>): string | null => (typeof data["model"] === "string" ? data["model"] : null);

/** The model names an owner can pick, for messages ("GPT-4o mini or Mistral Small 3.1 (24B)"). */
const LISTED_MODEL_NAMES = MODELS.map((model) => `${model.label} (${model.id})`).join(" or ");

/** Whether `modelId` may run on `plan` (Enterprise: any well-formed id; below: the listed models). */
export function isModelAllowedOnPlan(plan: Plan, modelId: string): boolean {
  try {
    resolveModel(modelId, { allowAnyModel: entitlementsOf(plan).canUseAdvancedModels });
    return true;
  } catch (error) {
    if (error instanceof LlmModelNotAllowedError) return false;
    throw error;
  }
}

export function modelNotOnPlanMessage(plan: Plan, modelId: string): string {
  const { name, canUseAdvancedModels } = entitlementsOf(plan);
  return canUseAdvancedModels
    ? `“${modelId}” is not a model id. Use an OpenRouter id such as ${MODELS[0].id}.`
    : `The AI model “${modelId}” is not available on the ${name} plan. Choose ${LISTED_MODEL_NAMES}; other models need the Enterprise plan.`;
}

/**
 * The steps of `graph` that `plan` cannot run: step types outside the plan's
 * set (Starter: no AI reply, no http), AI-written FAQ answers below Pro, and AI
 * models outside the plan (Pro: the listed two; Enterprise: any). Pure; takes
 * any JSON and never throws (a malformed node is the validator's business).
 */
export function findPlanIssues(graph: unknown, plan: Plan): PlanIssue[] {
  const entitlements = entitlementsOf(plan);
  const parsedGraph = looseGraphSchema.safeParse(graph);
  if (!parsedGraph.success) return [];
  const allowedSteps: readonly string[] | null = entitlements.flowStepTypes;
  const issues: PlanIssue[] = [];
  for (const candidate of parsedGraph.data.nodes) {
    const node = looseNodeSchema.safeParse(candidate);
    if (!node.success || !isNodeTypeName(node.data.type)) continue;
    const { id: nodeId, type, data } = node.data;
    if (allowedSteps !== null && !allowedSteps.includes(type)) {
      issues.push({ code: "stepNotOnPlan", nodeId, message: `“${getNodeType(type).title}” steps are not part of the ${entitlements.name} plan. Remove this step, or upgrade to Pro to use it.` });
      continue;
    }
    const isAiAnswer = type === "llm" || (type === "faq" && data["answerMode"] === "llm");
    if (type === "faq" && isAiAnswer && !entitlements.canUseAiSteps) {
      issues.push({ code: "aiAnswerNotOnPlan", nodeId, message: `AI-written answers are not part of the ${entitlements.name} plan. Set this step to reply with the stored answer, or upgrade to Pro.` });
      continue;
    }
    const model = modelOf(data);
    if (isAiAnswer && model !== null && model.trim() !== "" && !isModelAllowedOnPlan(plan, model)) {
      issues.push({ code: "modelNotOnPlan", nodeId, message: modelNotOnPlanMessage(plan, model.trim()) });
    }
  }
  return issues;
}
