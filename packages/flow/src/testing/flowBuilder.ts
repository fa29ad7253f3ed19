import { compileFlow, type CompileFlowOptions } from "../compileFlow.ts";
import { createFlowMachine, type FlowEvent, type FlowMachine } from "../createFlowMachine.ts";
import type { FlowGraph } from "../graph.ts";
import { runFlowTurn, type FlowTurnResult, type RunFlowTurnOptions } from "../runFlowTurn.ts";
import type { FlowServices } from "../services.ts";

/** [id, type, data] */
export type NodeSpec = [string, string, unknown];
/** [source, handle, target] */
export type EdgeSpec = [string, string, string];

/** Builds a graph in the canvas's shape from terse specs (tests only). */
export function buildGraph(nodes: NodeSpec[], edges: EdgeSpec[]): FlowGraph {
  return {
    schemaVersion: 1,
    nodes: nodes.map(([id, type, data], index) => ({ id, type, position: { x: index * 200, y: 0 }, data })),
    edges: edges.map(([source, sourceHandle, target]) => ({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target })),
  };
}

/** Compiles (failing loudly with the issues) and hydrates a machine. */
export function machineFor(graph: unknown, services: FlowServices, options: CompileFlowOptions = {}): FlowMachine {
  const compiled = compileFlow(graph, options);
  if (!compiled.ok) throw new Error(`flow did not compile: ${JSON.stringify(compiled.errors, null, 2)}`);
  return createFlowMachine(JSON.parse(JSON.stringify(compiled.machine)), services);
}

/**
 * Drives a conversation turn by turn, round-tripping the snapshot through JSON
 * each time as the runtime's database would.
 */
export class Conversation {
  private snapshot: unknown = undefined;
  last: FlowTurnResult | undefined;

  constructor(
    private readonly machine: FlowMachine,
    private readonly extra: Partial<Pick<RunFlowTurnOptions, "maxSteps" | "services" | "variables">> = {},
  ) {}

  async start(): Promise<FlowTurnResult> {
    return this.turn(undefined);
  }

  async say(text: string): Promise<FlowTurnResult> {
    return this.turn({ type: "VISITOR_MESSAGE", text });
  }

  async turn(event: FlowEvent | undefined): Promise<FlowTurnResult> {
    const result = await runFlowTurn({ machine: this.machine, snapshot: this.snapshot, event, ...this.extra });
    this.snapshot = JSON.parse(JSON.stringify(result.snapshot));
    this.last = result;
    return result;
  }
}

/** The texts of the bot's messages in a turn. */
export function messagesOf(result: FlowTurnResult): string[] {
  return result.outputs.flatMap((output) => (output.type === "message" ? [output.text] : []));
}
