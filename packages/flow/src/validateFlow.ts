import { analyzeFlow, type FlowIssue, type ValidateFlowOptions } from "./analyzeFlow.ts";

export interface FlowValidation {
  errors: FlowIssue[];
  warnings: FlowIssue[];
}

/**
 * Checks a flow as the canvas saved it. Takes any JSON and never throws;
 * errors block publishing, warnings are shown on the canvas.
 */
export function validateFlow(graph: unknown, options: ValidateFlowOptions = {}): FlowValidation {
  const { errors, warnings } = analyzeFlow(graph, options);
  return { errors, warnings };
}
