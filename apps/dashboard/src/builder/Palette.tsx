import { useContext, type DragEvent } from "react";
import { getNodeType, NODE_TYPE_NAMES, type NodeTypeName } from "@chatwright/flow";
import { PALETTE_DRAG_TYPE } from "./Canvas";
import { nodeUis } from "./nodes/registry";
import { PlanStepsContext } from "./planSteps";

interface PaletteProps {
  onAdd(type: NodeTypeName): void;
  isDisabled: boolean;
  /** Closed, the palette is a narrow strip with one button that opens it, and the canvas gets the room. */
  isOpen: boolean;
  onToggle(): void;
}

/**
 * Every node type with its icon and one line. Drag one onto the canvas, or
 * press it (Enter / Space) to add it in the middle of the view.
 */
export function Palette({ onAdd, isDisabled, isOpen, onToggle }: PaletteProps) {
  // Starter's canvas offers its NLP steps only; the server refuses the others at publish.
  const planSteps = useContext(PlanStepsContext);
  const offered = planSteps ? NODE_TYPE_NAMES.filter((type) => planSteps.stepTypes.includes(type)) : NODE_TYPE_NAMES;
  const onDragStart = (event: DragEvent, type: NodeTypeName) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <nav className={isOpen ? "flow-palette" : "flow-palette is-closed"} aria-label="Steps to add">
      <div className="flow-palette-head">
        {isOpen ? <h3>Add a step</h3> : null}
        <button
          type="button"
          className="secondary small flow-column-toggle"
          aria-expanded={isOpen}
          aria-controls="flow-palette-list"
          aria-label={isOpen ? "Hide the steps" : "Show the steps to add"}
          title={isOpen ? "Hide the steps" : "Show the steps to add"}
          onClick={onToggle}
        >
          <span aria-hidden="true">{isOpen ? "«" : "+"}</span>
          {isOpen ? null : (
            <span className="flow-toggle-text" aria-hidden="true">
              Add a step
            </span>
          )}
        </button>
      </div>
      <div id="flow-palette-list" hidden={!isOpen}>
        <p className="hint">Drag onto the canvas, or press to add in the middle.</p>
        {planSteps ? <p className="hint plan-steps-hint">{planSteps.note}</p> : null}
        <ul>
          {offered.map((type) => (
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
      </div>
    </nav>
  );
}
