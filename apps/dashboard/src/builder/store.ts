import { createContext, useContext } from "react";
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from "@xyflow/react";
import { getNodeType, validateFlow, type FlowIssue, type FlowValidation, type NodeTypeName } from "@chatwright/flow";
import { createHistory, recordHistory, redoHistory, undoHistory, type History } from "./history";
import { layoutFlow } from "./layout";
import { decideConnection } from "./decideConnection";
import { describeProblem } from "./describeProblem";
import { createEdgeId, createNodeId, fromFlowGraph, isRecord, outputHandlesOf, toFlowGraph, type BuilderEdge, type BuilderGraph, type BuilderNode, type BuilderNodeData } from "./graph";
import { nameSteps } from "./nameSteps";

/** What undo restores: the drawing, not the selection or the viewport. */
type GraphState = { nodes: BuilderNode[]; edges: BuilderEdge[] };

export interface BuilderState extends GraphState {
  history: History<GraphState>;
  clipboard: GraphState | null;
  /** The bot's intent names, for validation of Intent nodes. */
  intents: string[];
  validation: FlowValidation;
  /** What the canvas, the settings and the problems call each step (nameSteps), by node id. */
  stepNames: ReadonlyMap<string, string>;
  /** Each validation issue's sentence with the steps called by those names (describeProblem). */
  problemTexts: ReadonlyMap<FlowIssue, string>;
  /** A link drawn from an output that already has one, waiting for the owner's "Replace the link to X?" (see decideConnection). */
  pendingConnection: { edge: BuilderEdge; replaced: BuilderEdge } | null;
  /** Bumped on every change worth saving (not on selection or sizes). */
  changeCount: number;
  isReadOnly: boolean;
  /** Test chat: the node the conversation waits at, and the nodes it went through last turn. */
  activeNodeId: string | null;
  visitedNodeIds: string[];
  /** Where a drag started, so the whole drag is one undo step. */
  dragStart: GraphState | null;

  onNodesChange(changes: NodeChange<BuilderNode>[]): void;
  onEdgesChange(changes: EdgeChange<BuilderEdge>[]): void;
  onConnect(connection: Connection): void;
  /** The owner said yes: the pending link replaces the output's old one. */
  confirmConnection(): void;
  cancelConnection(): void;
  loadGraph(graph: unknown, options?: { isReadOnly?: boolean }): { droppedCount: number };
  /** Replaces the drawing as one undoable change (restoring a local backup, importing over the draft). */
  replaceGraph(graph: unknown): void;
  setIntents(intents: string[]): void;
  addNode(type: NodeTypeName, position: XYPosition): string;
  updateNodeData(id: string, data: BuilderNodeData): void;
  deleteSelected(): void;
  copySelected(): number;
  paste(): number;
  undo(): void;
  redo(): void;
  autoLayout(): void;
  selectNode(id: string): void;
  setSimulation(simulation: { activeNodeId: string | null; visitedNodeIds: string[] }): void;
  toGraph(): ReturnType<typeof toFlowGraph>;
}

export type BuilderStore = StoreApi<BuilderState>;

const PASTE_OFFSET = 40;

/** Everything derived from the drawing alone: recomputed on every change of nodes or edges (not on moves). */
function analyse(graph: GraphState, intents: readonly string[]): Pick<BuilderState, "validation" | "stepNames" | "problemTexts"> {
  const validation = validateFlow(toFlowGraph(graph), { intents });
  const stepNames = nameSteps(graph.nodes);
  const problemTexts = new Map([...validation.errors, ...validation.warnings].map((issue) => [issue, describeProblem(issue, graph.nodes, stepNames)]));
  return { validation, stepNames, problemTexts };
}

export function createBuilderStore(options: { now?: () => number } = {}): BuilderStore {
  const now = options.now ?? (() => Date.now());
  return createStore<BuilderState>()((set, get) => {
    /** Applies a change to the drawing as one undo step (merged with the previous one when `key` matches). */
    const commit = (next: Partial<GraphState>, key: string | null = null) => {
      const state = get();
      if (state.isReadOnly) return;
      const before = { nodes: state.nodes, edges: state.edges };
      const nodes = next.nodes ?? state.nodes;
      const edges = next.edges ?? state.edges;
      set({
        nodes,
        edges,
        history: recordHistory(state.history, before, { key, now: now() }),
        changeCount: state.changeCount + 1,
        ...analyse({ nodes, edges }, state.intents),
      });
    };
    // React Flow's Delete key sends the edges' removal, then the nodes', in one synchronous call:
    // one key per tick makes that a single undo step.
    let removalKey: string | null = null;
    let removalCount = 0;
    const currentRemovalKey = () => {
      if (removalKey === null) {
        removalKey = `remove:${++removalCount}`;
        queueMicrotask(() => {
          removalKey = null;
        });
      }
      return removalKey;
    };
    const restore = (graph: GraphState) => {
      const state = get();
      set({ ...graph, changeCount: state.changeCount + 1, pendingConnection: null, ...analyse(graph, state.intents) });
    };

    return {
      nodes: [],
      edges: [],
      history: createHistory(),
      clipboard: null,
      intents: [],
      validation: { errors: [], warnings: [] },
      stepNames: new Map(),
      problemTexts: new Map(),
      pendingConnection: null,
      changeCount: 0,
      isReadOnly: false,
      activeNodeId: null,
      visitedNodeIds: [],
      dragStart: null,

      onNodesChange(changes) {
        const state = get();
        const meaningful = changes.filter((change) => change.type !== "select" && change.type !== "dimensions");
        if (meaningful.length === 0 || state.isReadOnly) {
          set({ nodes: applyNodeChanges(state.isReadOnly ? changes.filter((c) => c.type === "select" || c.type === "dimensions") : changes, state.nodes) });
          return;
        }
        const isDragging = changes.some((change) => change.type === "position" && change.dragging === true);
        const isDragEnd = changes.some((change) => change.type === "position" && change.dragging === false);
        const hasStructuralChange = changes.some((change) => change.type === "remove" || change.type === "add" || change.type === "replace");
        if (isDragging && !hasStructuralChange) {
          // Positions move every frame: record the start once, commit at the end.
          set({ nodes: applyNodeChanges(changes, state.nodes), dragStart: state.dragStart ?? { nodes: state.nodes, edges: state.edges } });
          return;
        }
        const nodes = applyNodeChanges(changes, state.nodes);
        const removed = new Set(changes.flatMap((change) => (change.type === "remove" ? [change.id] : [])));
        const edges = removed.size ? state.edges.filter((edge) => !removed.has(edge.source) && !removed.has(edge.target)) : state.edges;
        const before = isDragEnd && state.dragStart ? state.dragStart : { nodes: state.nodes, edges: state.edges };
        set({
          nodes,
          edges,
          dragStart: null,
          history: recordHistory(state.history, before, { now: now(), key: removed.size ? currentRemovalKey() : null }),
          changeCount: state.changeCount + 1,
          ...(removed.size ? analyse({ nodes, edges }, state.intents) : {}),
        });
      },

      onEdgesChange(changes) {
        const state = get();
        const hasRemoval = changes.some((change) => change.type === "remove");
        if (!hasRemoval || state.isReadOnly) {
          set({ edges: applyEdgeChanges(changes.filter((change) => change.type === "select"), state.edges) });
          return;
        }
        // Only selection and removal are ours to take; edges are added through onConnect.
        commit({ edges: applyEdgeChanges(changes.filter((change) => change.type === "select" || change.type === "remove"), state.edges) }, currentRemovalKey());
      },

      onConnect(connection) {
        const state = get();
        if (state.isReadOnly) return;
        const decision = decideConnection(state, connection);
        if (decision.kind === "add") commit({ edges: [...state.edges, decision.edge] });
        else if (decision.kind === "askToReplace") set({ pendingConnection: { edge: decision.edge, replaced: decision.replaced } });
      },

      confirmConnection() {
        const state = get();
        const pending = state.pendingConnection;
        if (!pending) return;
        set({ pendingConnection: null });
        // The drawing may have changed under the question (an undo, a deleted step): decide again on what is there now.
        const without = state.edges.filter((edge) => edge.id !== pending.replaced.id);
        if (without.length === state.edges.length) return;
        const connection = { source: pending.edge.source, sourceHandle: pending.edge.sourceHandle ?? null, target: pending.edge.target, targetHandle: null };
        const decision = decideConnection({ nodes: state.nodes, edges: without }, connection);
        if (decision.kind === "add") commit({ edges: [...without, decision.edge] });
      },

      cancelConnection() {
        set({ pendingConnection: null });
      },

      loadGraph(graph, loadOptions = {}) {
        const loaded = fromFlowGraph(graph);
        set({
          nodes: loaded.nodes,
          edges: loaded.edges,
          history: createHistory(),
          changeCount: 0,
          isReadOnly: loadOptions.isReadOnly ?? false,
          activeNodeId: null,
          visitedNodeIds: [],
          dragStart: null,
          pendingConnection: null,
          ...analyse(loaded, get().intents),
        });
        return { droppedCount: loaded.droppedCount };
      },

      replaceGraph(graph) {
        const loaded = fromFlowGraph(graph);
        commit({ nodes: loaded.nodes, edges: loaded.edges });
      },

      setIntents(intents) {
        const state = get();
        set({ intents, ...analyse(state, intents) });
      },

      addNode(type, position) {
        const state = get();
        const id = createNodeId(type, new Set(state.nodes.map((node) => node.id)));
        const defaults: unknown = structuredClone(getNodeType(type).defaults);
        const data: BuilderNodeData = isRecord(defaults) ? defaults : {};
        const deselected = state.nodes.map((node) => (node.selected ? { ...node, selected: false } : node));
        commit({ nodes: [...deselected, { id, type, position, data, selected: true }] });
        return id;
      },

      updateNodeData(id, data) {
        const state = get();
        const node = state.nodes.find((candidate) => candidate.id === id);
        if (!node) return;
        const updated = { ...node, data };
        // An output that no longer exists (an intent removed) takes its edge with it.
        const handles = outputHandlesOf(updated);
        const edges = state.edges.filter((edge) => edge.source !== id || handles.includes(edge.sourceHandle ?? ""));
        commit({ nodes: state.nodes.map((candidate) => (candidate.id === id ? updated : candidate)), edges: edges.length === state.edges.length ? state.edges : edges }, `data:${id}`);
      },

      deleteSelected() {
        const state = get();
        const removed = new Set(state.nodes.filter((node) => node.selected).map((node) => node.id));
        const edges = state.edges.filter((edge) => !edge.selected && !removed.has(edge.source) && !removed.has(edge.target));
        if (removed.size === 0 && edges.length === state.edges.length) return;
        commit({ nodes: state.nodes.filter((node) => !removed.has(node.id)), edges });
      },

      copySelected() {
        const state = get();
        const nodes = state.nodes.filter((node) => node.selected);
        const ids = new Set(nodes.map((node) => node.id));
        const edges = state.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
        if (nodes.length) set({ clipboard: structuredClone({ nodes, edges }) });
        return nodes.length;
      },

      paste() {
        const state = get();
        const clipboard = state.clipboard;
        if (!clipboard || clipboard.nodes.length === 0 || state.isReadOnly) return 0;
        const taken = new Set(state.nodes.map((node) => node.id));
        const newIdOf = new Map<string, string>();
        const pasted: BuilderNode[] = clipboard.nodes.map((node) => {
          const id = createNodeId(node.type, taken);
          taken.add(id);
          newIdOf.set(node.id, id);
          return { id, type: node.type, position: { x: node.position.x + PASTE_OFFSET, y: node.position.y + PASTE_OFFSET }, data: structuredClone(node.data), selected: true };
        });
        const edgeIds = new Set(state.edges.map((edge) => edge.id));
        const pastedEdges: BuilderEdge[] = clipboard.edges.flatMap((edge) => {
          const source = newIdOf.get(edge.source);
          const target = newIdOf.get(edge.target);
          if (!source || !target) return [];
          const id = createEdgeId(source, edge.sourceHandle ?? "next", target, edgeIds);
          edgeIds.add(id);
          return [{ id, source, sourceHandle: edge.sourceHandle ?? null, target }];
        });
        const deselected = state.nodes.map((node) => (node.selected ? { ...node, selected: false } : node));
        commit({ nodes: [...deselected, ...pasted], edges: [...state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)), ...pastedEdges] });
        // The next paste lands a step further, like in any drawing tool.
        set({ clipboard: { nodes: pasted.map((node) => ({ ...node, selected: false })), edges: pastedEdges } });
        return pasted.length;
      },

      undo() {
        const state = get();
        if (state.isReadOnly) return;
        const result = undoHistory(state.history, { nodes: state.nodes, edges: state.edges });
        if (!result) return;
        set({ history: result.history });
        restore(result.state);
      },

      redo() {
        const state = get();
        if (state.isReadOnly) return;
        const result = redoHistory(state.history, { nodes: state.nodes, edges: state.edges });
        if (!result) return;
        set({ history: result.history });
        restore(result.state);
      },

      autoLayout() {
        const state = get();
        const start = state.nodes.find((node) => node.type === "start");
        const positions = layoutFlow(state.nodes, state.edges, { roots: start ? [start.id] : [] });
        commit({ nodes: state.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })) });
      },

      selectNode(id) {
        const state = get();
        set({
          nodes: state.nodes.map((node) => (node.id === id ? (node.selected ? node : { ...node, selected: true }) : node.selected ? { ...node, selected: false } : node)),
          edges: state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
        });
      },

      setSimulation(simulation) {
        set({ activeNodeId: simulation.activeNodeId, visitedNodeIds: simulation.visitedNodeIds });
      },

      toGraph() {
        return toFlowGraph(get());
      },
    };
  });
}

export const BuilderStoreContext = createContext<BuilderStore | null>(null);

/** Reads a slice of the editor store; pair with useShallow for objects and arrays. */
export function useBuilder<T>(selector: (state: BuilderState) => T): T {
  const store = useContext(BuilderStoreContext);
  if (!store) throw new Error("useBuilder is used outside the flow editor");
  return useStore(store, selector);
}

export function useBuilderStore(): BuilderStore {
  const store = useContext(BuilderStoreContext);
  if (!store) throw new Error("useBuilderStore is used outside the flow editor");
  return store;
}

export type { BuilderGraph };
