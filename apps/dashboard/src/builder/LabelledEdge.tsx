import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type Edge, type EdgeProps } from "@xyflow/react";
import { routeLabelledEdge } from "./routeLabelledEdge";

/** View-only data the canvas adds to an edge; never saved. */
export type LabelledEdgeData = { label: string; labelRow: number };
export type LabelledEdgeType = Edge<LabelledEdgeData, "labelled">;

/**
 * A smooth-step line whose branch name hangs just under its output handle
 * (rows from placeEdgeLabels), not half-way along the line where the labels of
 * branches into the same step would pile up.
 */
function LabelledEdgeComponent({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, data, selected, interactionWidth }: EdgeProps<LabelledEdgeType>) {
  const label = data?.label ?? "";
  const route = routeLabelledEdge({ sourceY, targetY, row: data?.labelRow ?? 0 });
  const [path] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    ...(label ? { offset: route.offset, ...(route.centerY === undefined ? {} : { centerY: route.centerY }) } : {}),
  });
  return (
    <>
      <BaseEdge path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      {label ? (
        <EdgeLabelRenderer>
          <span className={selected ? "flow-edge-label is-selected" : "flow-edge-label"} style={{ transform: `translate(-50%, -50%) translate(${sourceX}px, ${route.labelY}px)` }}>
            {label}
          </span>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const LabelledEdge = memo(LabelledEdgeComponent);
