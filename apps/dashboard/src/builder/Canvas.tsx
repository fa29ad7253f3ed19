import { useCallback, useEffect, useMemo, useRef, type DragEvent } from "react";
import { Background, ControlButton, Controls, getNodesBounds, MiniMap, ReactFlow, useReactFlow, useStore, useStoreApi, type EdgeTypes, type FitViewOptions, type Node, type NodeTypes } from "@xyflow/react";
import { useShallow } from "zustand/react/shallow";
import { isNodeTypeName } from "@chatwright/flow";
import { adjustViewportOnResize } from "./adjustViewportOnResize";
import { chooseFitPadding } from "./chooseFitPadding";
import { labelHandle } from "./describeIssueOnCard";
import { FlowNodeCard } from "./FlowNodeCard";
import { outputHandlesOf } from "./graph";
import { LabelledEdge, type LabelledEdgeType } from "./LabelledEdge";
import { placeEdgeLabels } from "./placeEdgeLabels";
import { useBuilder } from "./store";

/** Module-level so React Flow never sees a new object (it would re-mount every node). */
const nodeTypes: NodeTypes = {
  start: FlowNodeCard,
  message: FlowNodeCard,
  ask: FlowNodeCard,
  listen: FlowNodeCard,
  intent: FlowNodeCard,
  faq: FlowNodeCard,
  llm: FlowNodeCard,
  condition: FlowNodeCard,
  set: FlowNodeCard,
  http: FlowNodeCard,
  handoff: FlowNodeCard,
  end: FlowNodeCard,
};

const edgeTypes: EdgeTypes = { labelled: LabelledEdge };

export const PALETTE_DRAG_TYPE = "application/x-chatwright-node";
const GRID: [number, number] = [20, 20];
const DELETE_KEYS = ["Delete", "Backspace"];
const MULTI_SELECT_KEYS = ["Meta", "Control"];
const MINIMAP_WIDTH = 160;
const MINIMAP_HEIGHT = 110;
/** React Flow's panel margin around the mini map. */
const MINIMAP_MARGIN = 15;
/** Below this canvas width (a phone) the mini map would cover half the steps: there is none. */
const MINIMAP_MIN_CANVAS_WIDTH = 560;
const MAX_FIT_ZOOM = 1.1;

/**
 * Every fit (on load, the toolbar's "Zoom to fit", the controls' button)
 * keeps the steps out of the mini map's corner (chooseFitPadding).
 */
function fitViewOptionsFor(nodes: Node[], view: { width: number; height: number }): FitViewOptions {
  const hasMiniMap = view.width >= MINIMAP_MIN_CANVAS_WIDTH;
  const corner = hasMiniMap ? { width: MINIMAP_WIDTH + MINIMAP_MARGIN, height: MINIMAP_HEIGHT + MINIMAP_MARGIN } : { width: 0, height: 0 };
  const bounds = getNodesBounds(nodes);
  return { maxZoom: MAX_FIT_ZOOM, padding: chooseFitPadding({ flow: bounds, view, corner }) };
}

/** Fits the flow in view, clear of the mini map; reads the canvas when called, so a drag does not re-render the caller. */
export function useFitCanvas(): (options?: { duration?: number }) => void {
  const reactFlow = useReactFlow();
  const flowStore = useStoreApi();
  return useCallback(
    (options = {}) => {
      const { width, height } = flowStore.getState();
      void reactFlow.fitView({ ...fitViewOptionsFor(reactFlow.getNodes(), { width, height }), ...options });
    },
    [flowStore, reactFlow],
  );
}

/** `onOpenStep`: a click on a card asks for its settings (the panel may be hidden); a drag is not a click. */
export function Canvas({ label, onOpenStep }: { label: string; onOpenStep?: (nodeId: string) => void }) {
  const { nodes, edges, isReadOnly, onNodesChange, onEdgesChange, onConnect, addNode } = useBuilder(
    useShallow((state) => ({
      nodes: state.nodes,
      edges: state.edges,
      isReadOnly: state.isReadOnly,
      onNodesChange: state.onNodesChange,
      onEdgesChange: state.onEdgesChange,
      onConnect: state.onConnect,
      addNode: state.addNode,
    })),
  );
  const visited = useBuilder(useShallow((state) => state.visitedNodeIds));
  // Outputs change with a step's settings, not when it moves: these slices keep a drag from re-placing every label.
  const ids = useBuilder(useShallow((state) => state.nodes.map((node) => node.id)));
  const types = useBuilder(useShallow((state) => state.nodes.map((node) => node.type)));
  const datas = useBuilder(useShallow((state) => state.nodes.map((node) => node.data)));
  const { screenToFlowPosition, getViewport, setViewport } = useReactFlow();
  const paneWidth = useStore((state) => state.width);
  const paneHeight = useStore((state) => state.height);
  const fitCanvas = useFitCanvas();
  // Read by React Flow for the first fit, once the cards are measured.
  const fitViewOptions = useMemo(() => fitViewOptionsFor(nodes, { width: paneWidth, height: paneHeight }), [nodes, paneWidth, paneHeight]);

  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const paneBefore = useRef<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const before = paneBefore.current;
    const after = { width: paneWidth, height: paneHeight };
    paneBefore.current = after;
    if (!before || before.width === 0 || before.height === 0 || (before.width === after.width && before.height === after.height)) return;
    const next = adjustViewportOnResize({ flow: getNodesBounds(nodesRef.current), viewport: getViewport(), before, after });
    if (next === "fit") fitCanvas();
    else void setViewport(next);
  }, [paneWidth, paneHeight, fitCanvas, getViewport, setViewport]);

  // Branch names on the lines, with the card's words ("not found"), each under its own output; the test chat's path is animated.
  const shownEdges = useMemo<LabelledEdgeType[]>(() => {
    const linked = new Set(edges.map((edge) => `${edge.source}\u0000${edge.sourceHandle ?? ""}`));
    const rowsByNode = new Map(
      ids.map((id, index) => {
        const handles = outputHandlesOf({ type: types[index] ?? "message", data: datas[index] });
        return [id, placeEdgeLabels(handles.map((handle) => ({ handle, label: labelHandle(handle), isShown: linked.has(`${id}\u0000${handle}`) })))];
      }),
    );
    return edges.map((edge) => {
      const handle = edge.sourceHandle ?? "next";
      const labelRow = rowsByNode.get(edge.source)?.get(handle);
      return {
        ...edge,
        type: "labelled",
        data: { label: labelRow === undefined ? "" : labelHandle(handle), labelRow: labelRow ?? 0 },
        animated: visited.includes(edge.source) && visited.includes(edge.target),
      };
    });
  }, [edges, visited, ids, types, datas]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (!isNodeTypeName(type)) return;
      event.preventDefault();
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // Centre the card under the pointer (cards are about 220 x 90).
      addNode(type, { x: Math.round((position.x - 110) / GRID[0]) * GRID[0], y: Math.round((position.y - 30) / GRID[1]) * GRID[1] });
    },
    [addNode, screenToFlowPosition],
  );

  return (
    <div className="flow-canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="flow-canvas">
      <ReactFlow
        aria-label={label}
        nodes={nodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeClick={onOpenStep ? (_event, node) => onOpenStep(node.id) : undefined}
        nodesConnectable={!isReadOnly}
        nodesDraggable={!isReadOnly}
        edgesFocusable={!isReadOnly}
        deleteKeyCode={isReadOnly ? null : DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        snapToGrid
        snapGrid={GRID}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: false }}
      >
        <Background gap={GRID[0]} />
        {paneWidth >= MINIMAP_MIN_CANVAS_WIDTH ? <MiniMap pannable zoomable ariaLabel="Mini map of the flow" style={{ width: MINIMAP_WIDTH, height: MINIMAP_HEIGHT }} className="flow-minimap" /> : null}
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={() => fitCanvas({ duration: 300 })} title="Fit view" aria-label="Fit view">
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden="true">
              <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
    </div>
  );
}
