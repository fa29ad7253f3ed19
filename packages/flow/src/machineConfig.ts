/**
 * The compiled statechart as stored with a FlowVersion: plain JSON, no
 * functions. `createFlowMachine` turns it into a running XState machine.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const COMPILER_VERSION = 1;
export const MACHINE_ID = "flow";
/** Compiler-owned states; node ids cannot start with "__". */
export const RECOVER_STATE = "__recover";
export const FAILED_STATE = "__failed";
export const CLOSED_STATE = "__closed";

export type FlowActorName = "classify" | "retrieve" | "generate" | "httpRequest" | "checkAvailability";

/** What a work node asks its actor to do with the service's answer. */
export type FlowTask = "intent" | "faqDirect" | "faqRetrieve" | "faqGenerate" | "knowledge" | "llm" | "http" | "handoffAvailability";

export interface ParamsRef {
  type: string;
  params?: JsonObject;
}

export interface TransitionJSON {
  target?: string;
  reenter?: boolean;
  guard?: ParamsRef;
  actions?: ParamsRef[];
}

/** Replaced by a function during hydration: it gives the actor these params plus the current variables. */
export interface NodeInputMarker {
  $nodeInput: { nodeId: string; task: FlowTask; params: JsonObject };
}

export interface InvokeJSON {
  id: string;
  src: FlowActorName;
  input: NodeInputMarker;
  onDone: TransitionJSON[];
  onError: TransitionJSON[];
}

export interface StateJSON {
  type?: "final";
  tags?: string[];
  entry?: ParamsRef[];
  exit?: ParamsRef[];
  always?: TransitionJSON[];
  on?: Record<string, TransitionJSON[]>;
  invoke?: InvokeJSON;
  initial?: string;
  states?: Record<string, StateJSON>;
}

export interface MachineConfigJSON {
  id: typeof MACHINE_ID;
  initial: string;
  meta: { compilerVersion: typeof COMPILER_VERSION; fallbackMessage: string };
  on: Record<string, TransitionJSON[]>;
  states: Record<string, StateJSON>;
}
