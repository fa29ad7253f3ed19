import { getNodeType, isNodeTypeName } from "@chatwright/flow";

export interface NamedStep {
  id: string;
  type: string;
  data: unknown;
}

/** The name the owner gave a step ("Name on the card"), trimmed; none when empty. */
export function readStepLabel(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || !("label" in data)) return undefined;
  const label = data.label;
  return typeof label === "string" && label.trim() !== "" ? label.trim() : undefined;
}

/**
 * What the canvas, the settings and the problems call each step: the name the
 * owner gave it, else its type's title ("Hand over to a person"). Ids such as
 * "handoff-1" are for the machine, never shown. A name used twice gets a
 * number from the second step on ("Message 2"), in the order the steps were
 * added, so adding a step never renames another.
 */
export function nameSteps(steps: readonly NamedStep[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  // A name the owner typed is theirs: a numbered title never takes it.
  const chosen = new Set(steps.flatMap((step) => readStepLabel(step.data) ?? []));
  for (const step of steps) {
    const base = readStepLabel(step.data) ?? (isNodeTypeName(step.type) ? getNodeType(step.type).title : "Step");
    let name = base;
    for (let n = 2; used.has(name); n++) {
      name = `${base} ${n}`;
      if (chosen.has(name)) name = base;
    }
    used.add(name);
    names.set(step.id, name);
  }
  return names;
}
