import { z } from "zod";
import { createActor, type Snapshot } from "xstate";
import { DEFAULT_FALLBACK_MESSAGE } from "./compileFlow.ts";
import { flowMachineInfo, type FlowEmitted, type FlowEvent, type FlowMachine, type FlowTurnError } from "./createFlowMachine.ts";
import type { FlowServices } from "./services.ts";
import { turnScopes, type TokenOutput } from "./turnScope.ts";
import type { FlowVariables } from "./variables.ts";

/** Steps (nodes entered) allowed in one turn unless the caller says otherwise. */
export const DEFAULT_MAX_STEPS = 100;

/**
 * What a turn produced, in order. `token`s stream an AI reply while it is
 * written; the `message` that follows carries the complete text and is the
 * one to store. `nodeEntered` / `nodeLeft` are for analytics.
 */
export type FlowOutput =
  | Exclude<FlowEmitted, { type: "nodeEntered" } | { type: "nodeLeft" }>
  | TokenOutput
  | { type: "nodeEntered"; nodeId: string; at: number }
  | { type: "nodeLeft"; nodeId: string; at: number };

/**
 * - waiting: the bot waits for the visitor's next message
 * - handoff: a person has the conversation; send AGENT_RESOLVE / AGENT_RETURN to give it back
 * - ended: the conversation is over; further events do nothing
 * - error: this turn hit a failure the flow did not handle (see `error`); the
 *   visitor got the fallback message and the snapshot is still usable
 */
export type FlowTurnStatus = "waiting" | "handoff" | "ended" | "error";

const knowledgeHitSchema = z.object({
  id: z.string(),
  answer: z.string(),
  score: z.number(),
  title: z.string().optional(),
  source: z.string().optional(),
});
const flowContextSchema = z.object({
  variables: z.record(z.string(), z.string()),
  steps: z.number(),
  maxSteps: z.number(),
  retries: z.number(),
  waitPoint: z.string().nullable(),
  knowledge: z.array(knowledgeHitSchema),
  lastError: z
    .object({ code: z.enum(["stepLimit", "nodeFailed", "machineFailed"]), nodeId: z.string().nullable(), message: z.string() })
    .nullable(),
});

/** The persisted machine snapshot as stored (JSON). Checked before it is restored. */
export const flowSnapshotSchema = z.looseObject({
  status: z.enum(["active", "done", "error", "stopped"]),
  value: z.union([z.string(), z.record(z.string(), z.unknown())]),
  context: flowContextSchema,
  children: z.record(z.string(), z.unknown()),
});

/** A persisted conversation state: plain JSON, store it as is (with the FlowVersion id). */
export type FlowSnapshot = Snapshot<unknown>;

export interface RunFlowTurnOptions {
  /** From createFlowMachine, created once per flow version. */
  machine: FlowMachine;
  /** The previous turn's `snapshot` (JSON-parsed is fine); undefined starts a new conversation. */
  snapshot: unknown;
  /**
   * The visitor's or agent's event. Undefined with no snapshot: start the
   * conversation (greeting). With a new conversation and an event, the flow
   * starts and then receives the event.
   */
  event: FlowEvent | undefined;
  /** Nodes a turn may enter before it is stopped (default 100). */
  maxSteps?: number;
  /** Services for this turn; defaults to the ones given to createFlowMachine. */
  services?: FlowServices;
  /** Variables for a new conversation, e.g. visitor_name / visitor_email from the widget. */
  variables?: FlowVariables;
  /** Called with each output as it happens (stream tokens to the widget). */
  onOutput?: (output: FlowOutput) => void;
}

export interface FlowTurnResult {
  snapshot: FlowSnapshot;
  outputs: FlowOutput[];
  status: FlowTurnStatus;
  /** The node the conversation waits at (or ended at); null when none. */
  activeNodeId: string | null;
  variables: FlowVariables;
  error?: FlowTurnError;
}

const RESERVED_PREFIX = "__";

type FlowActor = ReturnType<typeof createActor<FlowMachine>>;
type FlowActorSnapshot = ReturnType<FlowActor["getSnapshot"]>;

/** Turns a parsed stored snapshot into the union XState expects. */
function toXStateSnapshot(stored: z.infer<typeof flowSnapshotSchema>): Snapshot<unknown> {
  switch (stored.status) {
    case "active":
      return { ...stored, status: "active", output: undefined, error: undefined };
    case "done":
      return { ...stored, status: "done", output: stored.output, error: undefined };
    case "error":
      return { ...stored, status: "error", output: undefined, error: stored.error };
    case "stopped":
      return { ...stored, status: "stopped", output: undefined, error: undefined };
  }
}

/** No invocation running: the machine waits, ended, failed or (a compiler bug) is stuck. */
function isSettled(snapshot: FlowActorSnapshot): boolean {
  if (snapshot.status !== "active") return true;
  for (const child of Object.values(snapshot.children)) if (child) return false;
  return true;
}

function activeNodeOf(snapshot: FlowActorSnapshot): string | null {
  const value: unknown = snapshot.value;
  const key = typeof value === "string" ? value : typeof value === "object" && value !== null ? Object.keys(value)[0] : undefined;
  return key === undefined || key.startsWith(RESERVED_PREFIX) ? null : key;
}

/**
 * Runs one turn of a conversation: restores the actor from its snapshot, sends
 * the event, lets the machine run until it waits for the visitor (or an
 * agent), ends or fails, and returns what happened. Never throws for bad
 * snapshots or failing services; a turn that fails sends the fallback message.
 */
export async function runFlowTurn(options: RunFlowTurnOptions): Promise<FlowTurnResult> {
  const { machine, event } = options;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const info = flowMachineInfo.get(machine);
  const services = options.services ?? info?.services;
  const fallbackMessage = info?.fallbackMessage ?? DEFAULT_FALLBACK_MESSAGE;
  const outputs: FlowOutput[] = [];
  const push = (output: FlowOutput): void => {
    outputs.push(output);
    options.onOutput?.(output);
  };
  const now = (): number => services?.now() ?? 0;

  let restored: Snapshot<unknown> | undefined;
  if (options.snapshot !== undefined) {
    const parsed = flowSnapshotSchema.safeParse(options.snapshot);
    if (!parsed.success) {
      push({ type: "message", nodeId: "flow", text: fallbackMessage });
      return failedTurn(options.snapshot, outputs, "The saved conversation state could not be read; it was left unchanged.");
    }
    restored = toXStateSnapshot(parsed.data);
  }

  let actor: FlowActor;
  try {
    actor = restored
      ? // input is required by the machine's type but ignored when a snapshot is restored
        createActor(machine, { snapshot: restored, input: { maxSteps } })
      : createActor(machine, { input: { maxSteps, variables: { ...options.variables } } });
  } catch (error) {
    push({ type: "message", nodeId: "flow", text: fallbackMessage });
    return failedTurn(options.snapshot, outputs, `The conversation could not be restored: ${error instanceof Error ? error.message : String(error)}`);
  }

  let wake: (() => void) | undefined;
  const subscription = actor.subscribe({
    next: (snapshot) => {
      if (wake && isSettled(snapshot)) wake();
    },
    // Observing errors keeps XState from rethrowing them; the status below reports them.
    error: () => wake?.(),
    complete: () => wake?.(),
  });
  const settled = async (): Promise<void> => {
    if (isSettled(actor.getSnapshot())) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  };

  if (services) turnScopes.set(actor.system, { services, emitToken: push });
  actor.on("*", (emitted) => {
    push(emitted.type === "nodeEntered" || emitted.type === "nodeLeft" ? { ...emitted, at: now() } : emitted);
  });

  actor.start();
  if (event) {
    if (restored) {
      if (actor.getSnapshot().status === "active") {
        actor.send({ type: "TURN", maxSteps });
        actor.send(event);
      }
    } else {
      await settled();
      if (actor.getSnapshot().status === "active") actor.send(event);
    }
  }
  await settled();

  const snapshot = actor.getSnapshot();
  const persisted = actor.getPersistedSnapshot();
  subscription.unsubscribe();
  actor.stop();
  turnScopes.delete(actor.system);

  if (snapshot.status === "error") {
    push({ type: "message", nodeId: "flow", text: fallbackMessage });
    return failedTurn(options.snapshot ?? persisted, outputs, `The flow machine failed: ${describeError(snapshot.error)}`);
  }

  const variables = snapshot.context.variables;
  const activeNodeId = activeNodeOf(snapshot);
  const base = { snapshot: persisted, outputs, activeNodeId, variables };
  if (snapshot.status === "done") return { ...base, status: "ended" };
  if (snapshot.context.lastError) return { ...base, status: "error", error: snapshot.context.lastError };
  if (snapshot.hasTag("handoff")) return { ...base, status: "handoff" };
  if (snapshot.hasTag("waiting")) return { ...base, status: "waiting" };
  push({ type: "message", nodeId: activeNodeId ?? "flow", text: fallbackMessage });
  return {
    ...base,
    status: "error",
    error: { code: "machineFailed", nodeId: activeNodeId, message: "The flow stopped without waiting for the visitor. Publish the flow again." },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failedTurn(snapshot: unknown, outputs: FlowOutput[], message: string): FlowTurnResult {
  const stored = flowSnapshotSchema.safeParse(snapshot);
  return {
    // Nothing changes: the caller keeps the snapshot it had.
    snapshot: stored.success ? toXStateSnapshot(stored.data) : { status: "error", output: undefined, error: message },
    outputs,
    status: "error",
    activeNodeId: null,
    variables: stored.success ? stored.data.context.variables : {},
    error: { code: "machineFailed", nodeId: null, message },
  };
}
