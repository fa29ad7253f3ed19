import { analyzeFlow, type FlowIssue } from "./analyzeFlow.ts";
import { WEEKDAYS, type BusinessHours } from "./businessHours.ts";
import { DEFAULT_RATING_QUESTION } from "./nodes/end/index.ts";
import { DEFAULT_FAQ_THRESHOLD } from "./nodes/faq/index.ts";
import { DEFAULT_INTENT_THRESHOLD } from "./nodes/intent/index.ts";
import type { TypedFlowNode } from "./nodes/registry.ts";
import {
  CLOSED_STATE,
  COMPILER_VERSION,
  FAILED_STATE,
  MACHINE_ID,
  RECOVER_STATE,
  type FlowActorName,
  type FlowTask,
  type InvokeJSON,
  type JsonObject,
  type MachineConfigJSON,
  type ParamsRef,
  type StateJSON,
  type TransitionJSON,
} from "./machineConfig.ts";

export const DEFAULT_FALLBACK_MESSAGE = "Sorry, something went wrong on our side. Please try again in a moment.";
const FAQ_SYSTEM_PROMPT =
  "Answer the customer's question using only the knowledge passages provided. Cite the passages you used. If they do not answer the question, say you don't know and offer to connect the customer with a person.";
const KNOWLEDGE_TOP_K = 3;

export interface CompileFlowOptions {
  /** The bot's intent names; Intent nodes may only use these. */
  intents?: readonly string[];
  /** What the visitor reads when a step fails and the flow has no `error` path. */
  fallbackMessage?: string;
}

export type CompileFlowResult =
  | { ok: true; machine: MachineConfigJSON; warnings: FlowIssue[] }
  | { ok: false; errors: FlowIssue[]; warnings: FlowIssue[] };

type Links = Map<string, string>;

const stateRef = (nodeId: string): string => `#${MACHINE_ID}.${nodeId}`;

function goTo(from: string, target: string, actions?: ParamsRef[]): TransitionJSON {
  return {
    target: stateRef(target),
    // Only a node leading to itself must run its entry again (e.g. ask the question anew).
    ...(target === from ? { reenter: true } : {}),
    ...(actions && actions.length > 0 ? { actions } : {}),
  };
}

const enterNode = (nodeId: string): ParamsRef => ({ type: "enterNode", params: { nodeId } });
const leaveNode = (nodeId: string): ParamsRef => ({ type: "leaveNode", params: { nodeId } });
const applyNodeResult = (nodeId: string): ParamsRef => ({ type: "applyNodeResult", params: { nodeId } });

function stepLimit(nodeId: string): TransitionJSON {
  return {
    guard: { type: "isStepLimitReached" },
    target: stateRef(RECOVER_STATE),
    actions: [{ type: "recordFailure", params: { nodeId, code: "stepLimit" } }],
  };
}

/** A failed step follows the node's `error` output, else sends the fallback message. */
function onFailure(nodeId: string, errorTarget: string | undefined): TransitionJSON {
  return errorTarget !== undefined
    ? goTo(nodeId, errorTarget)
    : { target: stateRef(RECOVER_STATE), actions: [{ type: "recordFailure", params: { nodeId, code: "nodeFailed" } }] };
}

function sendMessage(nodeId: string, text: string, quickReplies?: readonly string[]): ParamsRef {
  return { type: "sendMessage", params: { nodeId, text, ...(quickReplies && quickReplies.length > 0 ? { quickReplies: [...quickReplies] } : {}) } };
}

/** A node that searches the knowledge base and then asks the LLM: two child states, `retrieve` handing over to `generate` (or leaving the node). */
function retrieveThenGenerate(retrieve: InvokeJSON, generate: InvokeJSON): Pick<StateJSON, "initial" | "states"> {
  return { initial: "retrieve", states: { retrieve: { invoke: retrieve }, generate: { invoke: generate } } };
}

/** The `generate` child state of a retrieve-then-generate node. */
const toGenerate = (nodeId: string): string => `${stateRef(nodeId)}.generate`;

function invoke(nodeId: string, src: FlowActorName, task: FlowTask, params: JsonObject, onDone: TransitionJSON[], onError: TransitionJSON[]): InvokeJSON {
  return { id: `${nodeId}.${task}`, src, input: { $nodeInput: { nodeId, task, params } }, onDone, onError };
}

function startHandoff(nodeId: string, message: string, isOffline: boolean): ParamsRef {
  return { type: "startHandoff", params: { nodeId, message, isOffline } };
}

/** Plain JSON with every weekday present, in week order, so compiling stays byte-stable. */
function businessHoursJson(hours: BusinessHours): JsonObject {
  const days: JsonObject = {};
  for (const day of WEEKDAYS) days[day] = (hours.days[day] ?? []).map((range) => ({ from: range.from, to: range.to }));
  return { timezone: hours.timezone, days };
}

function isResult(handle: string): ParamsRef {
  return { type: "isResultHandle", params: { handle } };
}

function required(links: Links, handle: string): string {
  const target = links.get(handle);
  // analyzeFlow refuses graphs with unconnected required outputs, so this is a compiler bug.
  if (target === undefined) throw new Error(`compileFlow: required output “${handle}” has no target`);
  return target;
}

function compileNode(node: TypedFlowNode, links: Links): StateJSON {
  const id = node.id;
  const quick = (entry: ParamsRef[], always: TransitionJSON[]): StateJSON => ({
    entry: [enterNode(id), ...entry],
    exit: [leaveNode(id)],
    always: [stepLimit(id), ...always],
  });
  const work = (state: Pick<StateJSON, "invoke" | "initial" | "states">): StateJSON => ({
    entry: [enterNode(id)],
    exit: [leaveNode(id)],
    always: [stepLimit(id)],
    ...state,
  });

  switch (node.type) {
    case "start": {
      const greeting = node.data.greeting?.trim() ? [sendMessage(id, node.data.greeting)] : [];
      return quick(greeting, [goTo(id, required(links, "next"))]);
    }
    case "message":
      return quick([sendMessage(id, node.data.text, node.data.quickReplies)], [goTo(id, required(links, "next"))]);
    case "set":
      return quick(
        [{ type: "setVariables", params: { assignments: node.data.assignments.map((a) => ({ variable: a.variable, value: a.value })) } }],
        [goTo(id, required(links, "next"))],
      );
    case "condition": {
      const rules = node.data.rules.map((rule) => ({
        variable: rule.variable,
        operator: rule.operator,
        ...(rule.value !== undefined ? { value: rule.value } : {}),
      }));
      return quick(
        [],
        [
          { ...goTo(id, required(links, "true")), guard: { type: "isConditionMet", params: { combinator: node.data.combinator, rules } } },
          goTo(id, required(links, "false")),
        ],
      );
    }
    case "ask": {
      const { variable, validation, pattern, maxRetries } = node.data;
      const check = { validation, ...(pattern !== undefined ? { pattern } : {}) };
      const invalidTarget = links.get("invalid");
      const handlers: TransitionJSON[] = [
        {
          ...goTo(id, required(links, "next")),
          guard: { type: "isValidAnswer", params: check },
          actions: [{ type: "storeVisitorMessage", params: { variable, validation } }],
        },
      ];
      if (maxRetries !== undefined && invalidTarget !== undefined) {
        handlers.push({
          ...goTo(id, invalidTarget),
          guard: { type: "hasExhaustedRetries", params: { maxRetries } },
          actions: [{ type: "storeVisitorMessage", params: {} }],
        });
      }
      handlers.push({ actions: [{ type: "storeVisitorMessage", params: {} }, { type: "countRetry" }, sendMessage(id, node.data.retryMessage)] });
      return {
        tags: ["waiting"],
        entry: [enterNode(id), { type: "rememberWaitPoint", params: { nodeId: id } }, sendMessage(id, node.data.question)],
        exit: [leaveNode(id)],
        on: { VISITOR_MESSAGE: handlers },
      };
    }
    case "listen":
      return {
        tags: ["waiting"],
        entry: [enterNode(id), { type: "rememberWaitPoint", params: { nodeId: id } }],
        exit: [leaveNode(id)],
        on: {
          VISITOR_MESSAGE: [
            {
              ...goTo(id, required(links, "next")),
              actions: [{ type: "storeVisitorMessage", params: node.data.variable ? { variable: node.data.variable } : {} }],
            },
          ],
        },
      };
    case "intent": {
      const routes: TransitionJSON[] = [];
      for (const intent of node.data.intents) {
        const target = links.get(intent);
        if (target !== undefined) routes.push({ ...goTo(id, target, [applyNodeResult(id)]), guard: isResult(intent) });
      }
      const fallback = required(links, "fallback");
      routes.push(goTo(id, fallback, [applyNodeResult(id)]));
      return work({
        invoke: invoke(
          id,
          "classify",
          "intent",
          { intents: [...node.data.intents], threshold: node.data.threshold ?? DEFAULT_INTENT_THRESHOLD },
          routes,
          [onFailure(id, undefined)],
        ),
      });
    }
    case "faq": {
      const answered = required(links, "answered");
      const notFound = required(links, "notFound");
      const search = { topK: node.data.topK, threshold: node.data.threshold ?? DEFAULT_FAQ_THRESHOLD };
      if (node.data.answerMode === "direct") {
        return work({
          invoke: invoke(
            id,
            "retrieve",
            "faqDirect",
            search,
            [{ ...goTo(id, answered, [applyNodeResult(id)]), guard: isResult("answered") }, goTo(id, notFound, [applyNodeResult(id)])],
            [onFailure(id, undefined)],
          ),
        });
      }
      return work(
        retrieveThenGenerate(
          invoke(
            id,
            "retrieve",
            "faqRetrieve",
            search,
            [{ target: toGenerate(id), guard: isResult("answered"), actions: [applyNodeResult(id)] }, goTo(id, notFound, [applyNodeResult(id)])],
            [onFailure(id, undefined)],
          ),
          invoke(
            id,
            "generate",
            "faqGenerate",
            { systemPrompt: FAQ_SYSTEM_PROMPT, ...(node.data.model ? { model: node.data.model } : {}) },
            // the model may decline (or say what the product will not stand behind): notFound, as if nothing was found
            [{ ...goTo(id, answered, [applyNodeResult(id)]), guard: isResult("answered") }, goTo(id, notFound, [applyNodeResult(id)])],
            [onFailure(id, undefined)],
          ),
        ),
      );
    }
    case "llm": {
      const errorTarget = links.get("error");
      const { prompt, systemPrompt, model, temperature, maxTokens, saveAs } = node.data;
      const generate = invoke(
        id,
        "generate",
        "llm",
        { prompt, systemPrompt, model, temperature, maxTokens, useKnowledge: node.data.useKnowledge, ...(saveAs ? { saveAs } : {}) },
        [goTo(id, required(links, "next"), [applyNodeResult(id)])],
        [onFailure(id, errorTarget)],
      );
      if (!node.data.useKnowledge) return work({ invoke: generate });
      return work(
        retrieveThenGenerate(
          invoke(
            id,
            "retrieve",
            "knowledge",
            { topK: KNOWLEDGE_TOP_K, threshold: DEFAULT_FAQ_THRESHOLD },
            [{ target: toGenerate(id), actions: [applyNodeResult(id)] }],
            [onFailure(id, errorTarget)],
          ),
          generate,
        ),
      );
    }
    case "http": {
      const errorTarget = links.get("error");
      const { method, url, body, timeoutMs } = node.data;
      const headers: JsonObject = {};
      for (const name of Object.keys(node.data.headers).sort()) headers[name] = node.data.headers[name] ?? "";
      const responseMapping = node.data.responseMapping.map((m) => ({ variable: m.variable, path: m.path }));
      return work({
        invoke: invoke(
          id,
          "httpRequest",
          "http",
          { method, url, headers, body, timeoutMs, responseMapping },
          [
            { ...goTo(id, required(links, "ok"), [applyNodeResult(id)]), guard: isResult("ok") },
            errorTarget !== undefined ? goTo(id, errorTarget, [applyNodeResult(id)]) : onFailure(id, undefined),
          ],
          [onFailure(id, errorTarget)],
        ),
      });
    }
    case "handoff": {
      const { waitingMessage, offlineMessage, businessHours } = node.data;
      const waiting = `${stateRef(id)}.waiting`;
      const offlineTarget = links.get("offline");
      const handOver: TransitionJSON = { target: waiting, actions: [startHandoff(id, waitingMessage, false)] };
      // Nobody can take it: carry on through `offline` when connected, else wait for a person all the same.
      const whenOffline: TransitionJSON =
        offlineTarget !== undefined
          ? goTo(id, offlineTarget, [...(offlineMessage ? [sendMessage(id, offlineMessage)] : []), { type: "reportHandoffOffline", params: { nodeId: id } }])
          : { target: waiting, actions: [startHandoff(id, offlineMessage ?? waitingMessage, true)] };
      return work({
        initial: "checking",
        states: {
          checking: {
            invoke: invoke(
              id,
              "checkAvailability",
              "handoffAvailability",
              businessHours ? { businessHours: businessHoursJson(businessHours) } : {},
              [{ ...handOver, guard: isResult("available") }, whenOffline],
              // Presence could not be read: hand over rather than skip the team.
              [handOver],
            ),
          },
          waiting: {
            tags: ["waiting", "handoff"],
            on: {
              // The visitor talks to a person meanwhile; the bot only keeps last_message current.
              VISITOR_MESSAGE: [{ actions: [{ type: "storeVisitorMessage", params: {} }] }],
              AGENT_RESOLVE: [goTo(id, required(links, "resolved"))],
              AGENT_RETURN: [goTo(id, required(links, "returned"))],
            },
          },
        },
      });
    }
    case "end": {
      const goodbye = node.data.message?.trim() ? [sendMessage(id, node.data.message)] : [];
      if (!node.data.askRating) {
        return { type: "final", entry: [enterNode(id), ...goodbye, { type: "endConversation", params: { nodeId: id } }] };
      }
      return {
        tags: ["waiting"],
        entry: [enterNode(id), ...goodbye, sendMessage(id, node.data.ratingQuestion ?? DEFAULT_RATING_QUESTION, ["1", "2", "3", "4", "5"])],
        exit: [leaveNode(id)],
        on: {
          VISITOR_MESSAGE: [
            {
              target: stateRef(CLOSED_STATE),
              actions: [{ type: "storeVisitorMessage", params: { variable: "rating" } }, { type: "endConversation", params: { nodeId: id } }],
            },
          ],
        },
      };
    }
  }
}

/**
 * Compiles a valid flow into the JSON statechart stored with a FlowVersion.
 * Deterministic: the same graph gives byte-identical JSON (nodes and edges
 * are walked sorted by id).
 */
export function compileFlow(graph: unknown, options: CompileFlowOptions = {}): CompileFlowResult {
  const analysis = analyzeFlow(graph, options.intents ? { intents: options.intents } : {});
  if (!analysis.model || analysis.errors.length > 0) return { ok: false, errors: analysis.errors, warnings: analysis.warnings };
  const { model } = analysis;

  const states: Record<string, StateJSON> = {};
  const waitPoints: string[] = [];
  for (const node of model.nodes) {
    states[node.id] = compileNode(node, model.links.get(node.id) ?? new Map<string, string>());
    if (node.type === "ask" || node.type === "listen") waitPoints.push(node.id);
  }

  // After an unhandled failure the visitor reads the fallback message and the
  // conversation goes back to the last Ask / Wait node, so the next message
  // is handled as an answer there again.
  states[RECOVER_STATE] = {
    entry: [{ type: "sendFallback", params: { text: options.fallbackMessage ?? DEFAULT_FALLBACK_MESSAGE } }],
    always: [
      ...waitPoints.map((nodeId) => ({ target: stateRef(nodeId), guard: { type: "wasWaitingAt", params: { nodeId } } })),
      { target: stateRef(FAILED_STATE) },
    ],
  };
  // No Ask / Wait node visited yet: the next visitor message starts the flow again.
  states[FAILED_STATE] = {
    tags: ["waiting"],
    on: { VISITOR_MESSAGE: [{ target: stateRef(model.startId), actions: [{ type: "storeVisitorMessage", params: {} }] }] },
  };
  states[CLOSED_STATE] = { type: "final" };

  return {
    ok: true,
    warnings: analysis.warnings,
    machine: {
      id: MACHINE_ID,
      initial: model.startId,
      meta: { compilerVersion: COMPILER_VERSION, fallbackMessage: options.fallbackMessage ?? DEFAULT_FALLBACK_MESSAGE },
      on: { TURN: [{ actions: [{ type: "beginTurn" }] }] },
      states,
    },
  };
}
