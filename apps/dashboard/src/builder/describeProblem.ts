import { getNodeType, isNodeTypeName, type FlowIssue } from "@chatwright/flow";
import { readStepLabel, type NamedStep } from "./nameSteps";

/**
 * The validator's sentence with every step called by its name on the canvas:
 * it writes `the Hand over to a person node “handoff-1”` (the label when there
 * is one, else the id); the problems list shows `“Hand over to a person 2”`,
 * the words on the card the owner is looking for.
 */
export function describeProblem(issue: FlowIssue, steps: readonly NamedStep[], names: ReadonlyMap<string, string>): string {
  let message = issue.message;
  for (const step of steps) {
    const name = names.get(step.id);
    if (name === undefined) continue;
    const title = isNodeTypeName(step.type) ? getNodeType(step.type).title : step.type;
    const reference = `${title} node “${readStepLabel(step.data) ?? step.id}”`;
    message = message.replaceAll(`The ${reference}`, `“${name}”`).replaceAll(`the ${reference}`, `“${name}”`);
  }
  return message;
}
