/** Centre of the first label row below the handle, and the distance between rows (px, flow coordinates). */
export const LABEL_FIRST_ROW = 16;
export const LABEL_ROW_HEIGHT = 19;
const LABEL_HALF_HEIGHT = 9;
/** React Flow's smooth-step default: how far a line leaves a handle before it may turn. */
const DEFAULT_OFFSET = 20;
const CLEARANCE = 6;

export interface LabelledEdgeRoute {
  /** Where the label's centre sits; x is the source handle's. */
  labelY: number;
  /** Smooth-step options that keep the line's first, vertical stretch running through the label. */
  offset: number;
  centerY: number | undefined;
}

/**
 * A label hangs under its output handle (see placeEdgeLabels); the line must
 * pass through it, or the label floats loose. A line to a step further down
 * turns half-way by default: below the label at the latest. A line back up
 * (a loop) first drops past the label, then turns.
 */
export function routeLabelledEdge(edge: { sourceY: number; targetY: number; row: number }): LabelledEdgeRoute {
  const labelY = edge.sourceY + LABEL_FIRST_ROW + edge.row * LABEL_ROW_HEIGHT;
  const turnBelow = labelY + LABEL_HALF_HEIGHT + CLEARANCE;
  const targetTop = edge.targetY - DEFAULT_OFFSET;
  if (targetTop > turnBelow) {
    const middle = (edge.sourceY + DEFAULT_OFFSET + targetTop) / 2;
    return { labelY, offset: DEFAULT_OFFSET, centerY: middle >= turnBelow ? undefined : turnBelow };
  }
  return { labelY, offset: Math.max(DEFAULT_OFFSET, turnBelow - edge.sourceY), centerY: undefined };
}
