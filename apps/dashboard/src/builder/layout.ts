/**
 * A simple layered layout for a messy graph: nodes are ranked by their
 * breadth-first distance from the roots (the start node first), so loops back
 * to a Listen node do not stretch the picture; within a layer, nodes are
 * ordered by the average position of their parents to keep edges short.
 */
export interface LayoutOptions {
  /** Node ids to rank first (e.g. the start node). Nodes nothing points to are roots too. */
  roots?: readonly string[];
  columnWidth?: number;
  rowHeight?: number;
}

export function layoutFlow(
  nodes: readonly { id: string }[],
  edges: readonly { source: string; target: string }[],
  options: LayoutOptions = {},
): Map<string, { x: number; y: number }> {
  const columnWidth = options.columnWidth ?? 260;
  const rowHeight = options.rowHeight ?? 170;
  const ids = nodes.map((node) => node.id);
  const known = new Set(ids);
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) {
    if (!known.has(edge.source) || !known.has(edge.target) || edge.source === edge.target) continue;
    children.get(edge.source)?.push(edge.target);
    parents.get(edge.target)?.push(edge.source);
  }

  const layerOf = new Map<string, number>();
  const visit = (root: string, baseLayer: number) => {
    if (layerOf.has(root)) return;
    layerOf.set(root, baseLayer);
    const queue = [root];
    for (let index = 0; index < queue.length; index++) {
      const id = queue[index] ?? "";
      const layer = layerOf.get(id) ?? 0;
      for (const child of children.get(id) ?? []) {
        if (layerOf.has(child)) continue;
        layerOf.set(child, layer + 1);
        queue.push(child);
      }
    }
  };
  for (const root of options.roots ?? []) if (known.has(root)) visit(root, 0);
  for (const id of ids) if ((parents.get(id) ?? []).length === 0) visit(id, 0);
  // Whatever is left sits on cycles unreachable from any root: start them at the top.
  for (const id of ids) visit(id, 0);

  const layers: string[][] = [];
  for (const id of ids) {
    const layer = layerOf.get(id) ?? 0;
    (layers[layer] ??= []).push(id);
  }
  const columnOf = new Map<string, number>();
  const positions = new Map<string, { x: number; y: number }>();
  layers.forEach((layer, layerIndex) => {
    const order = layer.map((id, originalIndex) => {
      const placedParents = (parents.get(id) ?? []).map((parent) => columnOf.get(parent)).filter((column): column is number => column !== undefined);
      const barycenter = placedParents.length ? placedParents.reduce((sum, column) => sum + column, 0) / placedParents.length : originalIndex;
      return { id, barycenter, originalIndex };
    });
    order.sort((a, b) => a.barycenter - b.barycenter || a.originalIndex - b.originalIndex);
    const offset = (order.length - 1) / 2;
    order.forEach((entry, column) => {
      columnOf.set(entry.id, column - offset);
      positions.set(entry.id, { x: Math.round((column - offset) * columnWidth), y: layerIndex * rowHeight });
    });
  });
  return positions;
}
