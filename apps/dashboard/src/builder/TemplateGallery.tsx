import { useMemo, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { listFlowTemplates } from "@chatwright/flow";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";

/** A new flow: blank, from one of the gallery templates (flows/*.json), or from an exported file. */
export function TemplateGallery({ workspaceId, botId, onCreated, onCancel }: { workspaceId: string; botId: string; onCreated(flowId: string): void; onCancel?: (() => void) | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const templates = useMemo(() => listFlowTemplates(), []);
  const [name, setName] = useState("Main flow");
  const onSuccess = async (flow: { id: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey({ workspaceId, botId }) });
    onCreated(flow.id);
  };
  const create = useMutation(trpc.flows.create.mutationOptions({ onSuccess }));
  const importFlow = useMutation(trpc.flows.import.mutationOptions({ onSuccess }));
  const error = create.error ?? importFlow.error;

  return (
    <section className="template-gallery" aria-labelledby="gallery-heading">
      <h2 id="gallery-heading">Start a flow</h2>
      <div className="field narrow-field">
        <label htmlFor="new-flow-name">Flow name</label>
        <input id="new-flow-name" value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {describeError(error).message}
        </p>
      ) : null}
      <ul className="template-list">
        <li className="template-card">
          <h3>Blank</h3>
          <p>Just a start step. Drag in the steps you need.</p>
          <button type="button" disabled={create.isPending} onClick={() => create.mutate({ workspaceId, botId, name: name.trim() || "Main flow" })}>
            Start blank
          </button>
        </li>
        {templates.map((template) => (
          <li key={template.id} className="template-card">
            <h3>{template.name}</h3>
            <p>{template.description}</p>
            <p className="hint">
              {template.graph.nodes.length} steps{template.intents.length ? ` · adds ${template.intents.length} intent(s) to your bot` : ""}
            </p>
            <button type="button" className="secondary" disabled={create.isPending} onClick={() => create.mutate({ workspaceId, botId, name: template.name, templateId: template.id })}>
              Use “{template.name}”
            </button>
          </li>
        ))}
        <li className="template-card">
          <h3>Import a file</h3>
          <p>A flow exported from Chatwright (.json).</p>
          <label className="button secondary">
            Choose file…
            <input
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void file.text().then((text) => importFlow.mutate({ workspaceId, botId, file: text }));
              }}
            />
          </label>
        </li>
      </ul>
      {onCancel ? (
        <button type="button" className="secondary" onClick={onCancel}>
          Back to the editor
        </button>
      ) : null}
    </section>
  );
}
