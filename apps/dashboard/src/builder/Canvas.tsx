import { useCallback, useMemo, type DragEvent } from "react";
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Edge, type NodeTypes } from "@xyflow/react";
import { useShallow } from "zustand/react/shallow";
import { isNodeTypeName } from "@chatwright/flow";
import { FlowNodeCard } from "./FlowNodeCard";
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

export const PALETTE_DRAG_TYPE = "application/x-chatwright-node";
const GRID: [number, number] = [20, 20];
const DELETE_KEYS = ["Delete", "Backspace"];
const MULTI_SELECT_KEYS = ["Meta", "Control"];
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.1 };

export function Canvas({ label }: { label: string }) {
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
  const { screenToFlowPosition } = useReactFlow();

  // Branch names on the lines (not "next"); the test chat's path is animated.
  const shownEdges = useMemo<Edge[]>(
    () =>
      edges.map((edge) => ({
        ...edge,
        label: edge.sourceHandle && edge.sourceHandle !== "next" ? edge.sourceHandle : undefined,
        animated: visited.includes(edge.source) && visited.includes(edge.target),
      })),
    [edges, visited],
  );

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
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        nodesConnectable={!isReadOnly}
        nodesDraggable={!isReadOnly}
        edgesFocusable={!isReadOnly}
        deleteKeyCode={isReadOnly ? null : DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        snapToGrid
        snapGrid={GRID}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.2}
        maxZoom={2}
        defaultEdgeOptions={{ type: "smoothstep" }}
        proOptions={{ hideAttribution: false }}
      >
        <Background gap={GRID[0]} />
        <MiniMap pannable zoomable ariaLabel="Mini map of the flow" />
        <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
      </ReactFlow>
    </div>
  );
}
