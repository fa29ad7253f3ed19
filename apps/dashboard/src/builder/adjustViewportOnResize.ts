type Size = { width: number; height: number };
type Viewport = { x: number; y: number; zoom: number };
type Rect = { x: number; y: number; width: number; height: number };

/**
 * What the view does when the canvas changes size (the palette or the panel
 * opens or closes, the window is resized). Whoever saw the whole flow still
 * does: fit it again. Whoever had zoomed in on a part keeps that part in the
 * middle, instead of React Flow's default of pinning the top-left corner
 * (which pushes the steps under a panel that opens on the right).
 */
export function adjustViewportOnResize(input: { flow: Rect; viewport: Viewport; before: Size; after: Size }): "fit" | Viewport {
  const { flow, viewport, before, after } = input;
  const left = flow.x * viewport.zoom + viewport.x;
  const top = flow.y * viewport.zoom + viewport.y;
  const right = left + flow.width * viewport.zoom;
  const bottom = top + flow.height * viewport.zoom;
  const wasAllInView = flow.width > 0 && left >= 0 && top >= 0 && right <= before.width && bottom <= before.height;
  if (wasAllInView) return "fit";
  return { x: viewport.x + (after.width - before.width) / 2, y: viewport.y + (after.height - before.height) / 2, zoom: viewport.zoom };
}
