import { compileFlow, createFlowMachine, runFlowTurn, type FlowEvent, type FlowIssue, type FlowServices, type FlowVariables } from "@chatwright/flow";

export type SimulationResult =
  | { ok: false; errors: FlowIssue[] }
  | {
      ok: true;
      snapshot: unknown;
      status: "waiting" | "handoff" | "ended" | "error";
      activeNodeId: string | null;
      variables: FlowVariables;
      messages: { nodeId: string | null; text: string; quickReplies: string[]; sources?: string[] }[];
      /** Nodes entered this turn, in order, for highlighting the path on the canvas. */
      path: string[];
      error: { code: string; nodeId: string | null; message: string } | null;
    };

/**
 * Runs one turn of a draft graph with the bot's real services and persists
 * nothing: the builder's test chat keeps the snapshot and sends it back.
 */
export async function simulateFlow(input: {
  graph: unknown;
  intents: string[];
  services: FlowServices;
  snapshot: unknown;
  event: FlowEvent | undefined;
  variables?: FlowVariables | undefined;
  maxSteps: number;
}): Promise<SimulationResult> {
  const compiled = compileFlow(input.graph, { intents: input.intents });
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  const machine = createFlowMachine(compiled.machine, input.services);
  const result = await runFlowTurn({
    machine,
    snapshot: input.snapshot ?? undefined,
    event: input.event,
    maxSteps: input.maxSteps,
    services: input.services,
    ...(input.variables ? { variables: input.variables } : {}),
  });
  const messages: { nodeId: string | null; text: string; quickReplies: string[]; sources?: string[] }[] = [];
  const path: string[] = [];
  for (const output of result.outputs) {
    if (output.type === "message") messages.push({ nodeId: output.nodeId, text: output.text, quickReplies: output.quickReplies ?? [], ...(output.sources?.length ? { sources: output.sources } : {}) });
    else if (output.type === "handoff" && output.message) messages.push({ nodeId: output.nodeId, text: output.message, quickReplies: [] });
    else if (output.type === "nodeEntered") path.push(output.nodeId);
  }
  return {
    ok: true,
    snapshot: result.snapshot,
    status: result.status,
    activeNodeId: result.activeNodeId,
    variables: result.variables,
    messages,
    path,
    error: result.error ?? null,
  };
}
