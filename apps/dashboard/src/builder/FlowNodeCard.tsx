import { memo } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { useShallow } from "zustand/react/shallow";
import { getNodeType } from "@chatwright/flow";
import { outputHandlesOf, type BuilderNode } from "./graph";
import { nodeUis, readNodeData } from "./nodes/registry";
import { useBuilder } from "./store";
import { describeIssueOnCard, labelHandle } from "./describeIssueOnCard";

/**
 * One card for every node type: icon, title, the key setting, a target
 * handle on top and one source handle per output below. Problems from the
 * validator show as a red badge that says why.
 */
function FlowNodeCardComponent({ id, type, data, selected }: NodeProps<BuilderNode>) {
  const ui = nodeUis[type];
  const definition = getNodeType(type);
  const errorIssues = useBuilder(useShallow((state) => state.validation.errors.filter((issue) => issue.nodeId === id)));
  const warningIssues = useBuilder(useShallow((state) => state.validation.warnings.filter((issue) => issue.nodeId === id)));
  const problemTexts = useBuilder((state) => state.problemTexts);
  const errors = errorIssues.map((issue) => problemTexts.get(issue) ?? issue.message);
  const warnings = warningIssues.map((issue) => problemTexts.get(issue) ?? issue.message);
  const name = useBuilder((state) => state.stepNames.get(id)) ?? definition.title;
  const isActive = useBuilder((state) => state.activeNodeId === id);
  const wasVisited = useBuilder((state) => state.visitedNodeIds.includes(id));
  const handles = outputHandlesOf({ type, data });
  // A linked output's name is on its link, just below the dot (LabelledEdge); the card names only the free ones.
  const linkedHandles = useBuilder(useShallow((state) => state.edges.filter((edge) => edge.source === id).map((edge) => edge.sourceHandle ?? "next")));
  const isAnyOutputNamedHere = handles.some((handle) => labelHandle(handle) !== "" && !linkedHandles.includes(handle));
  // readNodeData fills required fields, so a summary never throws on a half-edited node.
  const summary = safeSummary(() => (ui.summarize as (value: unknown) => string)(readNodeData(type, data)));
  const classes = ["flow-node", `flow-node-${type}`, selected ? "is-selected" : "", errors.length ? "has-errors" : warnings.length ? "has-warnings" : "", isActive ? "is-active" : "", wasVisited ? "was-visited" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={classes} data-testid={`node-${id}`} aria-label={`${name === definition.title ? name : `${definition.title} “${name}”`}${errors.length ? `, ${errors.length} problem(s)` : ""}`}>
      {type === "start" ? null : <Handle type="target" position={Position.Top} className="flow-handle-in" />}
      <div className="flow-node-head">
        <span className="flow-node-icon" aria-hidden="true">
          {ui.icon}
        </span>
        <span className="flow-node-title">{name}</span>
        {isActive ? <span className="flow-node-live">test chat is here</span> : null}
      </div>
      <p className="flow-node-summary">{summary}</p>
      {errors.length ? (
        <p className="flow-node-badge" role="note" title={errors.join("\n")}>
          <span className="flow-node-badge-count" aria-hidden="true">
            {errors.length}
          </span>
          <span className="flow-node-badge-text">{errorIssues[0] ? describeIssueOnCard(errorIssues[0], errors[0]) : null}</span>
        </p>
      ) : warnings.length ? (
        <p className="flow-node-badge is-warning" role="note" title={warnings.join("\n")}>
          <span className="flow-node-badge-text">{warningIssues[0] ? describeIssueOnCard(warningIssues[0], warnings[0]) : null}</span>
        </p>
      ) : null}
      {isAnyOutputNamedHere ? (
        <div className="flow-node-outputs">
          {handles.map((handle) => (
            <span key={handle} className="flow-node-output" data-handle={handle}>
              {linkedHandles.includes(handle) ? "" : labelHandle(handle)}
            </span>
          ))}
        </div>
      ) : null}
      {handles.map((handle, index) => (
        <Handle
          key={handle}
          id={handle}
          type="source"
          position={Position.Bottom}
          className="flow-handle-out"
          style={{ left: `${((index + 0.5) / handles.length) * 100}%` }}
          // A named dot (a div may not carry a name without a role): screen readers list the step's outputs.
          role="img"
          aria-label={`${labelHandle(handle) || handle} output`}
        />
      ))}
    </div>
  );
}

function safeSummary(summarize: () => string): string {
  try {
    return summarize();
  } catch {
    return "Open the settings to finish this step.";
  }
}

export const FlowNodeCard = memo(FlowNodeCardComponent);
