import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { Canvas } from "./Canvas";
import { BuilderStoreContext, createBuilderStore, useBuilder } from "./store";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Published versions (who, when, note): view one read-only, see its compiled statechart, roll back to it. */
export function VersionsPanel({ workspaceId, flowId, canEdit }: { workspaceId: string; flowId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.flows.versions.queryOptions({ workspaceId, flowId }));
  const [viewing, setViewing] = useState<{ number: number; tab: "canvas" | "statechart" } | null>(null);
  const rollback = useMutation(
    trpc.flows.rollback.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ workspaceId, flowId }) }),
    }),
  );

  return (
    <section className="versions" aria-label="Versions">
      <h3>Versions</h3>
      {versions.isPending ? <p role="status">Loading versions…</p> : null}
      {versions.isError ? <p className="form-error">{describeError(versions.error).message}</p> : null}
      {versions.data?.length === 0 ? <p className="hint">Nothing published yet. Publish to make this flow live in your widget.</p> : null}
      <div role="status">{rollback.isSuccess ? <p className="success">Version {rollback.data.number} is live: a copy of the version you chose.</p> : null}</div>
      {rollback.isError ? <p className="form-error">{describeError(rollback.error).message}</p> : null}
      <ol className="version-list">
        {versions.data?.map((version, index) => (
          <li key={version.id} className="version">
            <p>
              <strong>Version {version.number}</strong>
              {index === 0 ? <span className="badge">Live</span> : null}
            </p>
            <p className="hint">
              {dateFormat.format(new Date(version.createdAt))} · {version.createdByName ?? "someone no longer in the workspace"}
            </p>
            {version.note ? <p>{version.note}</p> : null}
            <div className="actions">
              <button type="button" className="secondary small" onClick={() => setViewing({ number: version.number, tab: "canvas" })}>
                View version {version.number}
              </button>
              <button type="button" className="secondary small" onClick={() => setViewing({ number: version.number, tab: "statechart" })}>
                Statechart of version {version.number}
              </button>
              {canEdit && index > 0 ? (
                <button
                  type="button"
                  className="secondary small"
                  disabled={rollback.isPending}
                  onClick={() => {
                    if (window.confirm(`Make version ${version.number} live again? Your draft is not changed.`)) rollback.mutate({ workspaceId, flowId, number: version.number });
                  }}
                >
                  Roll back to version {version.number}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {viewing ? <VersionViewer workspaceId={workspaceId} flowId={flowId} number={viewing.number} tab={viewing.tab} onTab={(tab) => setViewing({ ...viewing, tab })} onClose={() => setViewing(null)} /> : null}
    </section>
  );
}

function VersionViewer(props: { workspaceId: string; flowId: string; number: number; tab: "canvas" | "statechart"; onTab(tab: "canvas" | "statechart"): void; onClose(): void }) {
  const trpc = useTRPC();
  const version = useQuery(trpc.flows.version.queryOptions({ workspaceId: props.workspaceId, flowId: props.flowId, number: props.number }));
  // A store of its own, read-only: the draft's store (and its undo history) is untouched.
  // It validates against the bot's intents, which the draft's store already has.
  const intents = useBuilder((state) => state.intents);
  const store = useMemo(() => createBuilderStore(), []);
  const loaded = useMemo(() => {
    if (!version.data) return false;
    store.getState().setIntents(intents);
    store.getState().loadGraph(version.data.graph, { isReadOnly: true });
    return true;
  }, [intents, store, version.data]);
  return (
    <div className="version-viewer" role="dialog" aria-modal="true" aria-label={`Version ${props.number}, read-only`} onKeyDown={(event) => event.key === "Escape" && props.onClose()}>
      <div className="version-viewer-bar actions">
        <h3>Version {props.number} (read-only)</h3>
        <button type="button" className="secondary small" aria-pressed={props.tab === "canvas"} onClick={() => props.onTab("canvas")}>
          Canvas
        </button>
        <button type="button" className="secondary small" aria-pressed={props.tab === "statechart"} onClick={() => props.onTab("statechart")}>
          Compiled statechart
        </button>
        <button type="button" className="small" onClick={props.onClose} autoFocus>
          Close
        </button>
      </div>
      {version.isError ? <p className="form-error">{describeError(version.error).message}</p> : null}
      {version.isPending ? <p role="status">Loading version…</p> : null}
      {loaded && props.tab === "canvas" ? (
        <BuilderStoreContext.Provider value={store}>
          <ReactFlowProvider>
            <Canvas label={`Version ${props.number} of the flow, read-only`} />
          </ReactFlowProvider>
        </BuilderStoreContext.Provider>
      ) : null}
      {version.data && props.tab === "statechart" ? (
        <pre className="statechart" tabIndex={0} aria-label="Compiled statechart (XState machine configuration)">
          {JSON.stringify(version.data.machine, null, 2)}
        </pre>
      ) : null}
    </div>
  );
}
