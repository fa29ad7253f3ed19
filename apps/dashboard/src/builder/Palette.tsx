import type { DragEvent } from "react";
import { getNodeType, NODE_TYPE_NAMES, type NodeTypeName } from "@chatwright/flow";
import { PALETTE_DRAG_TYPE } from "./Canvas";
import { nodeUis } from "./nodes/registry";

/**
 * Every node type with its icon and one line. Drag one onto the canvas, or
 * press it (Enter / Space) to add it in the middle of the view.
 */
export function Palette({ onAdd, isDisabled }: { onAdd(type: NodeTypeName): void; isDisabled: boolean }) {
  const onDragStart = (event: DragEvent, type: NodeTypeName) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <nav className="flow-palette" aria-label="Steps to add">
      <h3>Add a step</h3>
      <p className="hint">Drag onto the canvas, or press to add in the middle.</p>
      <ul>
        {NODE_TYPE_NAMES.map((type) => (
          <li key={type}>
            <button
              type="button"
              className="palette-item"
              draggable={!isDisabled}
              disabled={isDisabled}
              data-node-type={type}
              onDragStart={(event) => onDragStart(event, type)}
              onClick={() => onAdd(type)}
              aria-describedby={`palette-${type}-description`}
            >
              <span className="palette-icon" aria-hidden="true">
                {nodeUis[type].icon}
              </span>
              <span className="palette-text">
                <span className="palette-title">{getNodeType(type).title}</span>
                <span id={`palette-${type}-description`} className="palette-description">
                  {nodeUis[type].description}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
