import { z } from "zod";
import { enqueueActions, fromPromise, setup } from "xstate";
import { evaluateCondition, type ConditionCombinator, type ConditionRule } from "./evaluateCondition.ts";
import { COMPILER_VERSION, MACHINE_ID, type JsonValue, type MachineConfigJSON } from "./machineConfig.ts";
import { renderTemplate } from "./renderTemplate.ts";
import { runNodeTask, taskParamSchemas, type NodeActorInput, type NodeResult, type TaskName, type TaskRequest } from "./runNodeTask.ts";
import type { FlowServices, KnowledgeHit } from "./services.ts";
import { turnScopes } from "./turnScope.ts";
import { isValidAnswer, normalizeAnswer, type AnswerValidation } from "./validateAnswer.ts";
import type { FlowVariables } from "./variables.ts";

/** Why a turn did not go as the flow intended. The conversation stays usable. */
export interface FlowTurnError {
  code: "stepLimit" | "nodeFailed" | "machineFailed";
  nodeId: string | null;
  message: string;
}

export interface FlowContext {
  variables: FlowVariables;
  /** Nodes entered since the turn began; bounded by maxSteps. */
  steps: number;
  maxSteps: number;
  /** Invalid answers given to the current Ask node. */
  retries: number;
  /** The last Ask / Wait node, where the flow resumes after a failure. */
  waitPoint: string | null;
  /** Passages handed from a retrieve step to the generate step of the same node. */
  knowledge: KnowledgeHit[];
  lastError: FlowTurnError | null;
}

/** Events the runtime sends into a conversation. */
export type FlowEvent = { type: "VISITOR_MESSAGE"; text: string } | { type: "AGENT_RETURN" } | { type: "AGENT_RESOLVE" };

/** Sent by runFlowTurn before each event: resets the per-turn step count. */
export type TurnEvent = { type: "TURN"; maxSteps: number };

export interface FlowMachineInput {
  maxSteps: number;
  variables?: FlowVariables;
}

/** Outputs the machine emits while it runs (runFlowTurn adds tokens and timestamps). */
export type FlowEmitted =
  | { type: "message"; nodeId: string; text: string; quickReplies?: string[]; sources?: string[] }
  /** The conversation now waits for a person; `isOffline`: nobody could take it yet (the message says so). */
  | { type: "handoff"; nodeId: string; message: string; isOffline: boolean }
  /** Nobody could take the conversation and the flow carried on through the node's `offline` output. */
  | { type: "handoffOffline"; nodeId: string }
  | { type: "ended"; nodeId: string }
  | { type: "nodeEntered"; nodeId: string }
  | { type: "nodeLeft"; nodeId: string }
  /** Which output a task node (intent, faq, llm, http, handoff check) took: "fallback", "notFound", an intent's name… (analytics). */
  | { type: "nodeResult"; nodeId: string; handle: string };

const STEP_LIMIT_MESSAGE = (maxSteps: number): string =>
  `The flow took ${maxSteps} steps without waiting for the visitor, so this turn was stopped. Check the flow for a loop.`;

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : "Unknown error";
}

function isNodeResult(value: unknown): value is NodeResult {
  return (
    typeof value === "object" &&
    value !== null &&
    "handle" in value &&
    typeof value.handle === "string" &&
    "variables" in value &&
    typeof value.variables === "object" &&
    "messages" in value &&
    Array.isArray(value.messages) &&
    "knowledge" in value &&
    Array.isArray(value.knowledge)
  );
}

/** The NodeResult carried by an actor's done event, if this is one. */
function readResult(event: object): NodeResult | undefined {
  const output: unknown = "output" in event ? event.output : undefined;
  return isNodeResult(output) ? output : undefined;
}

/** Shared per machine: patterns compile once per flow version, not once per turn. */
interface MachineCaches {
  patterns: Map<string, RegExp | null>;
}

function createFlowSetup(services: FlowServices, caches: MachineCaches) {
  const taskActor = fromPromise<NodeResult, NodeActorInput>(({ input, system }) => {
    const scope = turnScopes.get(system);
    return runNodeTask(input, scope?.services ?? services, (chunk) => scope?.emitToken({ type: "token", nodeId: input.nodeId, text: chunk }));
  });

  return setup({
    types: {
      context: {} as FlowContext,
      events: {} as FlowEvent | TurnEvent,
      input: {} as FlowMachineInput,
      emitted: {} as FlowEmitted,
      tags: {} as "waiting" | "handoff",
    },
    actors: { classify: taskActor, retrieve: taskActor, generate: taskActor, httpRequest: taskActor, checkAvailability: taskActor },
    guards: {
      // Checked after a node's entry: at most maxSteps nodes run their entry actions in one turn.
      isStepLimitReached: ({ context }) => context.steps >= context.maxSteps,
      isValidAnswer: ({ event }, params: { validation: AnswerValidation; pattern?: string }) =>
        event.type === "VISITOR_MESSAGE" && isValidAnswer(event.text, params.validation, params.pattern, caches.patterns),
      hasExhaustedRetries: ({ context }, params: { maxRetries: number }) => context.retries >= params.maxRetries,
      isResultHandle: ({ event }, params: { handle: string }) => readResult(event)?.handle === params.handle,
      isConditionMet: ({ context }, params: { combinator: ConditionCombinator; rules: ConditionRule[] }) =>
        evaluateCondition(params.rules, params.combinator, context.variables, caches.patterns),
      wasWaitingAt: ({ context }, params: { nodeId: string }) => context.waitPoint === params.nodeId,
    },
    actions: {
      beginTurn: enqueueActions(({ enqueue, event }) => {
        if (event.type !== "TURN") return;
        enqueue.assign({ steps: 0, maxSteps: event.maxSteps, lastError: null, knowledge: [] });
      }),
      enterNode: enqueueActions(({ enqueue, context }, params: { nodeId: string }) => {
        enqueue.assign({ steps: context.steps + 1 });
        enqueue.emit({ type: "nodeEntered", nodeId: params.nodeId });
      }),
      leaveNode: enqueueActions(({ enqueue }, params: { nodeId: string }) => {
        enqueue.emit({ type: "nodeLeft", nodeId: params.nodeId });
      }),
      rememberWaitPoint: enqueueActions(({ enqueue }, params: { nodeId: string }) => {
        enqueue.assign({ waitPoint: params.nodeId, retries: 0 });
      }),
      sendMessage: enqueueActions(({ enqueue, context }, params: { nodeId: string; text: string; quickReplies?: string[] }) => {
        const text = renderTemplate(params.text, context.variables);
        const quickReplies = params.quickReplies?.map((reply) => renderTemplate(reply, context.variables)).filter((reply) => reply.trim() !== "");
        enqueue.emit({ type: "message", nodeId: params.nodeId, text, ...(quickReplies && quickReplies.length > 0 ? { quickReplies } : {}) });
      }),
      setVariables: enqueueActions(({ enqueue, context }, params: { assignments: { variable: string; value: string }[] }) => {
        const variables = { ...context.variables };
        // Each value sees the assignments above it, as the owner reads the list.
        for (const { variable, value } of params.assignments) variables[variable] = renderTemplate(value, variables);
        enqueue.assign({ variables });
      }),
      storeVisitorMessage: enqueueActions(({ enqueue, context, event }, params: { variable?: string; validation?: AnswerValidation }) => {
        if (event.type !== "VISITOR_MESSAGE") return;
        const variables: FlowVariables = { ...context.variables, last_message: event.text };
        if (params.variable) variables[params.variable] = params.validation ? normalizeAnswer(event.text, params.validation) : event.text.trim();
        enqueue.assign({ variables });
      }),
      countRetry: enqueueActions(({ enqueue, context }) => {
        enqueue.assign({ retries: context.retries + 1 });
      }),
      applyNodeResult: enqueueActions(({ enqueue, context, event }, params: { nodeId: string }) => {
        const result = readResult(event);
        if (!result) return;
        enqueue.emit({ type: "nodeResult", nodeId: params.nodeId, handle: result.handle });
        enqueue.assign({ variables: { ...context.variables, ...result.variables }, knowledge: result.knowledge });
        for (const message of result.messages) enqueue.emit({ type: "message", nodeId: params.nodeId, ...message });
      }),
      recordFailure: enqueueActions(({ enqueue, context, event }, params: { nodeId: string; code: "stepLimit" | "nodeFailed" }) => {
        const message =
          params.code === "stepLimit"
            ? STEP_LIMIT_MESSAGE(context.maxSteps)
            : "error" in event
              ? errorMessage(event.error)
              : (readResult(event)?.failure ?? "The step failed.");
        enqueue.assign({ lastError: { code: params.code, nodeId: params.nodeId, message }, knowledge: [] });
      }),
      sendFallback: enqueueActions(({ enqueue, context }, params: { text: string }) => {
        enqueue.emit({ type: "message", nodeId: context.lastError?.nodeId ?? MACHINE_ID, text: params.text });
      }),
      startHandoff: enqueueActions(({ enqueue, context }, params: { nodeId: string; message: string; isOffline?: boolean }) => {
        enqueue.emit({ type: "handoff", nodeId: params.nodeId, message: renderTemplate(params.message, context.variables), isOffline: params.isOffline === true });
      }),
      reportHandoffOffline: enqueueActions(({ enqueue }, params: { nodeId: string }) => {
        enqueue.emit({ type: "handoffOffline", nodeId: params.nodeId });
      }),
      endConversation: enqueueActions(({ enqueue }, params: { nodeId: string }) => {
        enqueue.emit({ type: "ended", nodeId: params.nodeId });
      }),
    },
  });
}

type FlowSetup = ReturnType<typeof createFlowSetup>;
type FlowMachineConfig = Parameters<FlowSetup["createMachine"]>[0];

const paramsRefSchema = z.object({ type: z.string(), params: z.record(z.string(), z.unknown()).optional() });
const storedConfigSchema = z.object({
  id: z.literal(MACHINE_ID),
  initial: z.string(),
  meta: z.object({ compilerVersion: z.literal(COMPILER_VERSION), fallbackMessage: z.string() }),
  on: z.record(z.string(), z.unknown()),
  states: z.record(z.string(), z.unknown()),
});
const nodeInputMarkerSchema = z.object({
  $nodeInput: z.object({ nodeId: z.string(), task: z.enum(Object.keys(taskParamSchemas) as [TaskName, ...TaskName[]]), params: z.unknown() }),
});

const ACTION_NAMES: ReadonlySet<string> = new Set([
  "beginTurn",
  "enterNode",
  "leaveNode",
  "rememberWaitPoint",
  "sendMessage",
  "setVariables",
  "storeVisitorMessage",
  "countRetry",
  "applyNodeResult",
  "recordFailure",
  "sendFallback",
  "startHandoff",
  "reportHandoffOffline",
  "endConversation",
]);
const GUARD_NAMES: ReadonlySet<string> = new Set([
  "isStepLimitReached",
  "isValidAnswer",
  "hasExhaustedRetries",
  "isResultHandle",
  "isConditionMet",
  "wasWaitingAt",
]);

function parseTaskRequest(task: TaskName, params: unknown): TaskRequest {
  // One branch per task keeps the task/params pairing typed without a cast.
  switch (task) {
    case "intent":
      return { task, params: taskParamSchemas.intent.parse(params) };
    case "faqDirect":
      return { task, params: taskParamSchemas.faqDirect.parse(params) };
    case "faqRetrieve":
      return { task, params: taskParamSchemas.faqRetrieve.parse(params) };
    case "knowledge":
      return { task, params: taskParamSchemas.knowledge.parse(params) };
    case "faqGenerate":
      return { task, params: taskParamSchemas.faqGenerate.parse(params) };
    case "llm":
      return { task, params: taskParamSchemas.llm.parse(params) };
    case "http":
      return { task, params: taskParamSchemas.http.parse(params) };
    case "handoffAvailability":
      return { task, params: taskParamSchemas.handoffAvailability.parse(params) };
  }
}

/**
 * Copies the stored config, checking every action / guard name and turning
 * each `$nodeInput` marker into the function XState calls when the actor
 * starts: it hands the actor the node's params (parsed here, once) plus the
 * conversation's current variables.
 */
function hydrate(value: JsonValue | unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => hydrate(item, undefined));
  if (typeof value !== "object" || value === null) return value;
  if (key === "input") {
    const marker = nodeInputMarkerSchema.parse(value).$nodeInput;
    const request = parseTaskRequest(marker.task, marker.params);
    const nodeId = marker.nodeId;
    return ({ context }: { context: FlowContext }): NodeActorInput => ({ ...request, nodeId, variables: context.variables, knowledge: context.knowledge });
  }
  if (key === "params") return value; // plain data for actions and guards
  const copy: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(value)) {
    if ((childKey === "actions" || childKey === "entry" || childKey === "exit") && Array.isArray(child)) {
      for (const action of child) {
        const ref = paramsRefSchema.parse(action);
        if (!ACTION_NAMES.has(ref.type)) throw new Error(`Unknown action “${ref.type}” in the compiled flow`);
      }
    }
    if (childKey === "guard") {
      const ref = paramsRefSchema.parse(child);
      if (!GUARD_NAMES.has(ref.type)) throw new Error(`Unknown guard “${ref.type}” in the compiled flow`);
    }
    copy[childKey] = hydrate(child, childKey);
  }
  return copy;
}

/** Extra facts about each machine that runFlowTurn needs. */
export interface FlowMachineInfo {
  fallbackMessage: string;
  services: FlowServices;
}
export const flowMachineInfo = new WeakMap<object, FlowMachineInfo>();

/**
 * Turns a stored, compiled flow into an XState machine. Call once per flow
 * version and reuse it for every conversation and turn; `services` are the
 * defaults (runFlowTurn may pass per-turn ones). Throws when the config was
 * not produced by this compiler version.
 */
export function createFlowMachine(config: MachineConfigJSON | unknown, services: FlowServices) {
  const stored = storedConfigSchema.parse(config);
  const hydrated = hydrate(stored, undefined);
  const flowSetup = createFlowSetup(services, { patterns: new Map() });
  // hydrate() checked every action, guard and actor input against setup's names; XState
  // cannot type-check a config built at run time, so this is the one typed boundary.
  const machineConfig = hydrated as FlowMachineConfig;
  const machine = flowSetup.createMachine({
    ...machineConfig,
    context: ({ input }) => ({
      variables: { ...input.variables },
      steps: 0,
      maxSteps: input.maxSteps,
      retries: 0,
      waitPoint: null,
      knowledge: [],
      lastError: null,
    }),
  });
  flowMachineInfo.set(machine, { fallbackMessage: stored.meta.fallbackMessage, services });
  return machine;
}

export type FlowMachine = ReturnType<typeof createFlowMachine>;
