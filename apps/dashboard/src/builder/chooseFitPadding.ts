import type { FitViewOptions } from "@xyflow/react";

type Size = { width: number; height: number };
type Padding = NonNullable<FitViewOptions["padding"]>;

/** Air around the steps after a fit, in screen px. */
export const FIT_MARGIN = 40;

/**
 * Padding for "fit the flow in view" that keeps the steps out of the corner
 * the mini map covers. The corner is given up along one side only: the right
 * for a flow taller than the view's shape, the bottom for a wide one —
 * whichever leaves the steps larger. No corner (no mini map): even padding.
 */
export function chooseFitPadding(input: { flow: Size; view: Size; corner: Size }): Padding {
  const { flow, view, corner } = input;
  const even = `${FIT_MARGIN}px` as const;
  if (corner.width === 0 || corner.height === 0 || flow.width <= 0 || flow.height <= 0) return { top: even, right: even, bottom: even, left: even };
  const scaleWith = (right: number, bottom: number) => Math.min((view.width - FIT_MARGIN - right) / flow.width, (view.height - FIT_MARGIN - bottom) / flow.height);
  const right = corner.width + FIT_MARGIN;
  const bottom = corner.height + FIT_MARGIN;
  return scaleWith(right, FIT_MARGIN) >= scaleWith(FIT_MARGIN, bottom) ? { top: even, left: even, bottom: even, right: `${right}px` } : { top: even, left: even, right: even, bottom: `${bottom}px` };
}
