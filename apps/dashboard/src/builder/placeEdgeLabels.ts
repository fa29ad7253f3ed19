/** The canvas card's width in px (`.flow-node` in builder.css); output handles are spread evenly across it. */
export const CARD_WIDTH = 220;
/** Edge labels are 11 px text in a pill: about this wide per character, plus padding and border. */
const CHAR_WIDTH = 6.6;
const PILL_PADDING = 14;
/** Room kept between two labels on the same row. */
const LABEL_GAP = 4;

export interface OutputLabel {
  handle: string;
  /** The text the label shows (the card's name for the handle, e.g. "not found"). */
  label: string;
  /** Whether the output has a labelled connection; outputs without one take no room. */
  isShown: boolean;
}

export function estimateLabelWidth(label: string): number {
  return label.length * CHAR_WIDTH + PILL_PADDING;
}

/**
 * Rows for the labels under one card's outputs. Each label sits centred just
 * below its own handle, so two branches that end at the same step can never
 * print on top of each other ("resolvereturned"); labels too wide for the room
 * between their handles (an Intent node with many intents) drop to the next
 * free row instead of overlapping. Returns the row (0 = nearest the card) of
 * every shown output.
 */
export function placeEdgeLabels(outputs: readonly OutputLabel[], cardWidth = CARD_WIDTH): Map<string, number> {
  const rows: { left: number; right: number }[][] = [];
  const placed = new Map<string, number>();
  outputs.forEach((output, index) => {
    if (!output.isShown || output.label === "") return;
    const centre = ((index + 0.5) / outputs.length) * cardWidth;
    const half = estimateLabelWidth(output.label) / 2;
    const span = { left: centre - half, right: centre + half };
    let row = rows.findIndex((taken) => taken.every((other) => span.left >= other.right + LABEL_GAP || span.right <= other.left - LABEL_GAP));
    if (row === -1) {
      row = rows.length;
      rows.push([]);
    }
    rows[row]?.push(span);
    placed.set(output.handle, row);
  });
  return placed;
}
