import type { z } from "zod";
import { compilePattern } from "./evaluateCondition.ts";
import { flowGraphSchema, NODE_ID_PATTERN } from "./graph.ts";
import type { NodeOutput, NodeTypeDefinition } from "./nodes/defineNodeType.ts";
import { getNodeType, isNodeTypeName, type TypedFlowNode } from "./nodes/registry.ts";
import { templateVariables } from "./renderTemplate.ts";
import { isBuiltInVariable } from "./variables.ts";

export type FlowIssueCode =
  | "invalidGraph"
  | "duplicateNodeId"
  | "invalidNodeId"
  | "unknownNodeType"
  | "invalidNodeData"
  | "missingStart"
  | "multipleStarts"
  | "duplicateEdgeId"
  | "danglingEdge"
  | "missingHandle"
  | "unknownHandle"
  | "duplicateHandleEdge"
  | "unconnectedOutput"
  | "unconnectedOptionalOutput"
  | "unreachableNode"
  | "cycleWithoutWait"
  | "variableNeverSet"
  | "variableMaybeUnset"
  | "invalidPattern"
  | "unknownIntent";

/** A problem in a flow, worded for a shop owner; ids let the canvas mark the spot. */
export interface FlowIssue {
  code: FlowIssueCode;
  message: string;
  nodeId?: string;
  handle?: string;
  edgeId?: string;
}

export interface ValidateFlowOptions {
  /** The bot's intent names. When given, Intent nodes may only use these. */
  intents?: readonly string[];
}

interface ValidNode {
  node: TypedFlowNode;
  definition: NodeTypeDefinition;
  outputs: NodeOutput[];
}

/** What the compiler needs from a graph that validated. */
export interface FlowModel {
  startId: string;
  /** Valid nodes, sorted by id. */
  nodes: TypedFlowNode[];
  /** nodeId -> handle -> target nodeId (one target per handle). */
  links: Map<string, Map<string, string>>;
}

export interface FlowAnalysis {
  errors: FlowIssue[];
  warnings: FlowIssue[];
  model?: FlowModel;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function describeNode(node: { id: string; type: string; data: unknown }, definition?: NodeTypeDefinition): string {
  const label = readLabel(node.data);
  const title = definition?.title ?? node.type;
  return label ? `the ${title} node “${label}”` : `the ${title} node “${node.id}”`;
}

function readLabel(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || !("label" in data)) return undefined;
  const label = data.label;
  return typeof label === "string" && label.trim() !== "" ? label.trim() : undefined;
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? `“${issue.path.join(".")}”` : "the settings";
  if (issue.code === "invalid_type" && issue.input === undefined) return `${field} is missing`;
  return `${field}: ${issue.message}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Waiting and final nodes stop a turn; a cycle through one of them is fine. */
function isWaitingKind(definition: NodeTypeDefinition): boolean {
  return definition.kind === "waiting" || definition.kind === "final";
}

/**
 * Validates a graph and, when it has no errors, returns the model the
 * compiler walks. Never throws: arbitrary JSON comes in.
 */
export function analyzeFlow(input: unknown, options: ValidateFlowOptions = {}): FlowAnalysis {
  const errors: FlowIssue[] = [];
  const warnings: FlowIssue[] = [];

  const parsed = flowGraphSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (at ${first.path.join(".")})` : "";
    errors.push({
      code: "invalidGraph",
      message: `This flow could not be read${where}: ${first?.message ?? "unexpected shape"}. Reload the editor or restore an earlier version.`,
    });
    return { errors, warnings };
  }
  const graph = parsed.data;

  // Nodes: ids, types, data.
  const seenIds = new Set<string>();
  const valid = new Map<string, ValidNode>();
  const knownIds = new Set<string>();
  const sortedNodes = [...graph.nodes].sort(byId);
  for (const node of sortedNodes) {
    if (seenIds.has(node.id)) {
      errors.push({ code: "duplicateNodeId", nodeId: node.id, message: `Two nodes share the id “${node.id}”. Delete one of them.` });
      continue;
    }
    seenIds.add(node.id);
    knownIds.add(node.id);
    if (!isNodeTypeName(node.type)) {
      errors.push({
        code: "unknownNodeType",
        nodeId: node.id,
        message: `Node “${node.id}” has an unknown type “${node.type}”. Delete it and add a supported node.`,
      });
      continue;
    }
    const definition = getNodeType(node.type);
    if (!NODE_ID_PATTERN.test(node.id)) {
      errors.push({
        code: "invalidNodeId",
        nodeId: node.id,
        message: `${capitalise(describeNode(node, definition))} has an id that cannot be used (letters, digits, - and _ only, at most 64). Duplicate the node and delete this one.`,
      });
      continue;
    }
    const data = definition.dataSchema.safeParse(node.data);
    if (!data.success) {
      for (const issue of data.error.issues) {
        errors.push({
          code: "invalidNodeData",
          nodeId: node.id,
          message: `${capitalise(describeNode(node, definition))} needs fixing: ${describeZodIssue(issue)}.`,
        });
      }
      continue;
    }
    // The schema matched this node's type, so the pair is a TypedFlowNode.
    const typed = { id: node.id, type: node.type, position: node.position, data: data.data } as TypedFlowNode;
    valid.set(node.id, { node: typed, definition, outputs: definition.outputs(data.data) });
  }

  const starts = sortedNodes.filter((node) => node.type === "start" && seenIds.has(node.id));
  const uniqueStarts = [...new Set(starts.map((node) => node.id))];
  if (uniqueStarts.length === 0) {
    errors.push({ code: "missingStart", message: "This flow has no Start node. Add one so conversations know where to begin." });
  }
  for (const extra of uniqueStarts.slice(1)) {
    errors.push({
      code: "multipleStarts",
      nodeId: extra,
      message: `A flow has exactly one Start node; the Start node “${extra}” is one too many. Delete it or turn it into a Message.`,
    });
  }

  // Edges.
  const links = new Map<string, Map<string, string>>();
  const seenEdgeIds = new Set<string>();
  for (const edge of [...graph.edges].sort(byId)) {
    if (seenEdgeIds.has(edge.id)) {
      errors.push({ code: "duplicateEdgeId", edgeId: edge.id, message: `Two connections share the id “${edge.id}”. Delete one and reconnect.` });
      continue;
    }
    seenEdgeIds.add(edge.id);
    if (!knownIds.has(edge.source) || !knownIds.has(edge.target)) {
      const missing = knownIds.has(edge.source) ? edge.target : edge.source;
      errors.push({
        code: "danglingEdge",
        edgeId: edge.id,
        ...(knownIds.has(edge.source) ? { nodeId: edge.source } : {}),
        message: `A connection points to node “${missing}”, which does not exist. Delete the connection.`,
      });
      continue;
    }
    const source = valid.get(edge.source);
    if (!source) continue; // the source node already has an error of its own
    let handle = edge.sourceHandle ?? undefined;
    if (handle === undefined) {
      const only = source.outputs.length === 1 ? source.outputs[0] : undefined;
      if (!only) {
        errors.push({
          code: "missingHandle",
          nodeId: edge.source,
          edgeId: edge.id,
          message: `A connection from ${describeNode(source.node, source.definition)} does not say which output it leaves from. Delete it and connect from an output dot.`,
        });
        continue;
      }
      handle = only.handle;
    }
    if (!source.outputs.some((output) => output.handle === handle)) {
      errors.push({
        code: "unknownHandle",
        nodeId: edge.source,
        handle,
        edgeId: edge.id,
        message:
          source.outputs.length === 0
            ? `${capitalise(describeNode(source.node, source.definition))} ends the conversation, so nothing can follow it. Delete the connection.`
            : `${capitalise(describeNode(source.node, source.definition))} has no output “${handle}”. Delete the connection and reconnect from one of: ${source.outputs.map((o) => o.handle).join(", ")}.`,
      });
      continue;
    }
    const fromNode = links.get(edge.source) ?? new Map<string, string>();
    links.set(edge.source, fromNode);
    if (fromNode.has(handle)) {
      errors.push({
        code: "duplicateHandleEdge",
        nodeId: edge.source,
        handle,
        edgeId: edge.id,
        message: `The “${handle}” output of ${describeNode(source.node, source.definition)} is connected more than once. An output leads to one node; delete the extra connection.`,
      });
      continue;
    }
    fromNode.set(handle, edge.target);
  }

  // Outputs that lead nowhere.
  for (const { node, definition, outputs } of valid.values()) {
    const connected = links.get(node.id);
    for (const output of outputs) {
      if (connected?.has(output.handle) || output.isWorthConnecting === false) continue;
      const issue: FlowIssue = {
        code: output.isRequired ? "unconnectedOutput" : "unconnectedOptionalOutput",
        nodeId: node.id,
        handle: output.handle,
        message: output.isRequired
          ? `The “${output.handle}” output of ${describeNode(node, definition)} is not connected. Connect it to the next step (or to an End node).`
          : `The “${output.handle}” output of ${describeNode(node, definition)} is not connected${
              output.handle === "error" ? "; if it fails, the visitor gets the fallback message" : node.type === "intent" ? "; these messages go to “fallback”" : ""
            }.`,
      };
      (output.isRequired ? errors : warnings).push(issue);
    }
  }

  // Reachability from the start.
  const startId = uniqueStarts[0];
  const reachable = new Set<string>();
  if (startId !== undefined && valid.has(startId)) {
    const queue = [startId];
    reachable.add(startId);
    while (queue.length > 0) {
      const current = queue.pop();
      if (current === undefined) break;
      for (const target of links.get(current)?.values() ?? []) {
        if (!reachable.has(target)) {
          reachable.add(target);
          queue.push(target);
        }
      }
    }
    for (const { node, definition } of valid.values()) {
      if (!reachable.has(node.id)) {
        warnings.push({
          code: "unreachableNode",
          nodeId: node.id,
          message: `${capitalise(describeNode(node, definition))} can never be reached from the Start node. Connect it or delete it.`,
        });
      }
    }
  }

  errors.push(...findCyclesWithoutWait(valid, links));

  for (const { node, definition } of valid.values()) {
    if (node.type !== "condition") continue;
    for (const rule of node.data.rules) {
      if (rule.operator === "matches" && !compilePattern(rule.value ?? "")) {
        warnings.push({
          code: "invalidPattern",
          nodeId: node.id,
          message: `A rule in ${describeNode(node, definition)} uses a pattern that is not a valid regular expression, so it is never true.`,
        });
      }
    }
  }

  if (options.intents) {
    const known = new Set(options.intents);
    for (const { node, definition } of valid.values()) {
      if (node.type !== "intent") continue;
      for (const intent of node.data.intents) {
        if (!known.has(intent)) {
          errors.push({
            code: "unknownIntent",
            nodeId: node.id,
            handle: intent,
            message: `${capitalise(describeNode(node, definition))} uses the intent “${intent}”, which this bot does not have. Create it under Intents or remove it from the node.`,
          });
        }
      }
    }
  }

  if (startId !== undefined && valid.has(startId)) {
    warnings.push(...findUnsetVariables(valid, links, startId, reachable));
  }

  if (errors.length > 0 || startId === undefined) return { errors, warnings };
  return {
    errors,
    warnings,
    model: { startId, nodes: [...valid.values()].map((entry) => entry.node), links },
  };
}

/**
 * Strongly connected components (Tarjan, iterative) over the steps a turn can
 * pass without waiting: quick and work nodes, and waiting nodes through an
 * output taken without waiting (a handoff's `offline`).
 */
function findCyclesWithoutWait(valid: Map<string, ValidNode>, links: Map<string, Map<string, string>>): FlowIssue[] {
  const passThrough = new Map<string, string[]>();
  for (const [id, entry] of valid) {
    const handles = links.get(id);
    if (!handles) continue;
    const targets = isWaitingKind(entry.definition)
      ? entry.outputs.filter((output) => output.isTakenWithoutWaiting === true).flatMap((output) => handles.get(output.handle) ?? [])
      : [...handles.values()];
    if (targets.length > 0 || !isWaitingKind(entry.definition)) passThrough.set(id, targets);
  }
  const isQuick = (id: string): boolean => passThrough.has(id);
  const successors = (id: string): string[] => [...new Set(passThrough.get(id) ?? [])].filter(isQuick).sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const issues: FlowIssue[] = [];
  let counter = 0;

  for (const root of [...valid.keys()].filter(isQuick)) {
    if (index.has(root)) continue;
    const work: { id: string; next: string[] }[] = [];
    const open = (id: string): void => {
      index.set(id, counter);
      low.set(id, counter);
      counter += 1;
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: successors(id) });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const child = frame.next.shift();
      if (child !== undefined) {
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(child) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (;;) {
        const member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
        if (member === frame.id) break;
      }
      const isSelfLoop = component.length === 1 && (passThrough.get(frame.id) ?? []).includes(frame.id);
      if (component.length > 1 || isSelfLoop) {
        component.sort();
        const first = component[0] ?? frame.id;
        const names = component.map((id) => {
          const entry = valid.get(id);
          return entry ? describeNode(entry.node, entry.definition) : id;
        });
        issues.push({
          code: "cycleWithoutWait",
          nodeId: first,
          message: `These steps loop without ever waiting for the visitor: ${names.join(", ")}. Add an Ask or Wait-for-a-message node to the loop, or break it.`,
        });
      }
    }
  }
  return issues;
}

/** Nodes reachable from the start, in reverse postorder, so a forward analysis converges in few rounds. */
function reversePostorder(startId: string, links: Map<string, Map<string, string>>): string[] {
  const visited = new Set<string>([startId]);
  const postorder: string[] = [];
  const stack: { id: string; next: string[] }[] = [{ id: startId, next: [...new Set(links.get(startId)?.values() ?? [])].sort() }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (!frame) break;
    const child = frame.next.shift();
    if (child === undefined) {
      stack.pop();
      postorder.push(frame.id);
    } else if (!visited.has(child)) {
      visited.add(child);
      stack.push({ id: child, next: [...new Set(links.get(child)?.values() ?? [])].sort() });
    }
  }
  return postorder.reverse();
}

/**
 * Forward "definitely set" analysis: a variable used by a node must be set on
 * every path from the Start node to it, else the owner gets a warning (the
 * value may be empty). Built-in variables are exempt. Sets are bit sets over
 * the variables the flow writes, so a 500-node flow stays fast.
 */
function findUnsetVariables(
  valid: Map<string, ValidNode>,
  links: Map<string, Map<string, string>>,
  startId: string,
  reachable: Set<string>,
): FlowIssue[] {
  const variableIndex = new Map<string, number>();
  const writesOf = (from: string, handle: string): string[] => {
    const entry = valid.get(from);
    return entry ? entry.definition.writes(entry.node.data, handle) : [];
  };
  for (const [from, handles] of links) {
    for (const handle of handles.keys()) {
      for (const variable of writesOf(from, handle)) if (!variableIndex.has(variable)) variableIndex.set(variable, variableIndex.size);
    }
  }
  const words = Math.max(1, Math.ceil(variableIndex.size / 32));

  // Incoming edges of reachable nodes, each with the bits its source writes on that handle.
  const incoming = new Map<string, { from: string; writes: Uint32Array }[]>();
  for (const [from, handles] of links) {
    if (!reachable.has(from)) continue;
    for (const [handle, target] of handles) {
      const bits = new Uint32Array(words);
      for (const variable of writesOf(from, handle)) {
        const index = variableIndex.get(variable) ?? 0;
        bits[index >>> 5] = (bits[index >>> 5] ?? 0) | (1 << (index & 31));
      }
      const list = incoming.get(target) ?? [];
      list.push({ from, writes: bits });
      incoming.set(target, list);
    }
  }

  // Missing entry = not reached yet (the "everything" element of the lattice).
  const setBefore = new Map<string, Uint32Array>([[startId, new Uint32Array(words)]]);
  const order = reversePostorder(startId, links);
  const scratch = new Uint32Array(words);
  let changed = true;
  let rounds = 0;
  while (changed && rounds < 500) {
    changed = false;
    rounds += 1;
    for (const id of order) {
      if (id === startId) continue;
      let hasInput = false;
      scratch.fill(0xffffffff);
      for (const { from, writes } of incoming.get(id) ?? []) {
        const before = setBefore.get(from);
        if (!before) continue;
        hasInput = true;
        for (let w = 0; w < words; w++) scratch[w] = (scratch[w] ?? 0) & ((before[w] ?? 0) | (writes[w] ?? 0));
      }
      if (!hasInput) continue;
      const previous = setBefore.get(id);
      if (!previous) {
        setBefore.set(id, scratch.slice());
        changed = true;
      } else {
        for (let w = 0; w < words; w++) {
          if (previous[w] !== scratch[w]) {
            previous[w] = scratch[w] ?? 0;
            changed = true;
          }
        }
      }
    }
  }

  const isSetBefore = (id: string, name: string): boolean => {
    const index = variableIndex.get(name);
    const bits = setBefore.get(id);
    return index !== undefined && bits !== undefined && ((bits[index >>> 5] ?? 0) & (1 << (index & 31))) !== 0;
  };

  const issues: FlowIssue[] = [];
  for (const id of order) {
    const entry = valid.get(id);
    if (!entry) continue;
    const used = new Set<string>();
    for (const template of entry.definition.templates(entry.node.data)) for (const name of templateVariables(template)) used.add(name);
    for (const name of entry.definition.reads(entry.node.data)) used.add(name);
    for (const name of [...used].sort()) {
      if (isBuiltInVariable(name) || isSetBefore(id, name)) continue;
      const where = describeNode(entry.node, entry.definition);
      issues.push(
        variableIndex.has(name)
          ? {
              code: "variableMaybeUnset",
              nodeId: id,
              message: `${capitalise(where)} uses “${name}”, which is not set on every path leading here, so it may be empty.`,
            }
          : {
              code: "variableNeverSet",
              nodeId: id,
              message: `${capitalise(where)} uses “${name}”, but no step sets it, so it will be empty. Check the spelling or add a node that sets it.`,
            },
      );
    }
  }
  return issues;
}
