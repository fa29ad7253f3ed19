import { useMemo, type ComponentType } from "react";
import { useShallow } from "zustand/react/shallow";
import { getNodeType, type NodeTypeName } from "@chatwright/flow";
import { listFlowVariables } from "./flowVariables";
import { nodeUis, readNodeData } from "./nodes/registry";
import type { SettingsContext, SettingsProps } from "./nodes/types";
import { useBuilder } from "./store";
import type { BuilderNode } from "./graph";

/** The settings of the one selected step; a hint when none (or several) are selected. */
export function SidePanel({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const selected = useBuilder(useShallow((state) => state.nodes.filter((node) => node.selected)));
  // Data and types as separate stable slices: recomputed when a setting changes, not on every drag frame.
  const datas = useBuilder(useShallow((state) => state.nodes.map((node) => node.data)));
  const types = useBuilder(useShallow((state) => state.nodes.map((node) => node.type)));
  const variables = useMemo(() => listFlowVariables(types.map((type, index) => ({ type, data: datas[index] }))), [types, datas]);
  const intents = useBuilder((state) => state.intents);
  const isReadOnly = useBuilder((state) => state.isReadOnly);
  const node = selected.length === 1 ? selected[0] : undefined;

  if (!node) {
    return (
      <section className="side-panel" aria-label="Step settings">
        <p className="hint">{selected.length > 1 ? `${selected.length} steps selected. Press Delete to remove them, Ctrl+C to copy.` : "Select a step on the canvas to change its settings."}</p>
      </section>
    );
  }
  const context: SettingsContext = { workspaceId, botId, nodeId: node.id, intents, variables };
  return <NodeSettings key={node.id} node={node} context={context} isReadOnly={isReadOnly} />;
}

function NodeSettings({ node, context, isReadOnly }: { node: BuilderNode; context: SettingsContext; isReadOnly: boolean }) {
  const updateNodeData = useBuilder((state) => state.updateNodeData);
  const deleteSelected = useBuilder((state) => state.deleteSelected);
  const issues = useBuilder(
    useShallow((state) => [...state.validation.errors, ...state.validation.warnings].filter((issue) => issue.nodeId === node.id).map((issue) => state.problemTexts.get(issue) ?? issue.message)),
  );
  const type: NodeTypeName = node.type;
  const ui = nodeUis[type];
  const title = getNodeType(type).title;
  const label = typeof node.data["label"] === "string" ? node.data["label"] : "";
  // Each registry entry's form takes its own type's data; the lookup by `type` keeps them paired.
  const Settings = ui.Settings as ComponentType<SettingsProps<NodeTypeName>>;
  return (
    <section className="side-panel" aria-label={`Settings of ${title}`}>
      <h3>
        <span aria-hidden="true">{ui.icon} </span>
        {title}
      </h3>
      <p className="hint">
        Step id: <code>{node.id}</code>
      </p>
      {issues.length ? (
        <ul className="node-issues" aria-label="Problems with this step">
          {issues.map((message, index) => (
            <li key={index}>{message}</li>
          ))}
        </ul>
      ) : null}
      <fieldset disabled={isReadOnly} className="settings-form">
        <div className="field">
          <label htmlFor={`label-${node.id}`}>Name on the card</label>
          <input
            id={`label-${node.id}`}
            value={label}
            placeholder={title}
            onChange={(event) => updateNodeData(node.id, { ...node.data, label: event.target.value === "" ? undefined : event.target.value })}
          />
        </div>
        <Settings data={readNodeData(type, node.data)} context={context} onChange={(data) => updateNodeData(node.id, { ...data })} />
      </fieldset>
      {isReadOnly ? null : (
        <button type="button" className="danger-outline" onClick={deleteSelected}>
          Delete this step
        </button>
      )}
    </section>
  );
}
