import { BUILT_IN_VARIABLES, getNodeType, type NodeTypeName } from "@chatwright/flow";

/** Variables a template may use: the built-ins and every variable some node sets, sorted, built-ins first. */
export function listFlowVariables(nodes: readonly { type: NodeTypeName; data: unknown }[]): string[] {
  const written = new Set<string>();
  for (const node of nodes) {
    const definition = getNodeType(node.type);
    const parsed = definition.dataSchema.safeParse(node.data);
    if (!parsed.success) continue;
    for (const output of definition.outputs(parsed.data)) for (const name of definition.writes(parsed.data, output.handle)) written.add(name);
  }
  const builtIns: readonly string[] = BUILT_IN_VARIABLES;
  return [...builtIns, ...[...written].filter((name) => !builtIns.includes(name)).sort()];
}
