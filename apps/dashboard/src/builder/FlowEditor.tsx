import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useShallow } from "zustand/react/shallow";
import type { NodeTypeName } from "@chatwright/flow";
import { useTRPC, useTRPCClient } from "../trpc";
import { describeError, errorCode } from "../errors";
import { Dialog } from "../components/Dialog";
import { clearDraftBackup, describeSaveStatus, readDraftBackup, useAutosave } from "./autosave";
import { readBuilderLayout, writeBuilderLayout, type BuilderLayout } from "./builderLayout";
import { Canvas, useFitCanvas } from "./Canvas";
import { describeReplaceQuestion } from "./describeReplaceQuestion";
import { Palette } from "./Palette";
import { ProblemsList } from "./ProblemsList";
import { ReturningVisitorsNote } from "./ReturningVisitorsNote";
import { SidePanel } from "./SidePanel";
import { TestChat } from "./TestChat";
import { VersionsPanel } from "./VersionsPanel";
import { BuilderStoreContext, createBuilderStore, useBuilder, useBuilderStore } from "./store";

type View = "settings" | "problems" | "chat" | "versions";

/** Wide enough for the palette, canvas and panel side by side (builder.css switches to one column below it). */
const WIDE_SCREEN = "(min-width: 60rem)";

interface FlowEditorProps {
  workspaceId: string;
  botId: string;
  flowId: string;
  canEdit: boolean;
  /** Whether this is the flow the bot's widget runs. */
  isActive: boolean;
  /** The flow switcher and "New flow", drawn by the page. */
  flowPicker: ReactNode;
}

/** Loads a flow's draft into its own editor store and shows the editor once it is there. */
export function FlowEditor(props: FlowEditorProps) {
  const trpc = useTRPC();
  const flow = useQuery({ ...trpc.flows.get.queryOptions({ workspaceId: props.workspaceId, flowId: props.flowId }), staleTime: Infinity, refetchOnWindowFocus: false });
  const intents = useQuery(trpc.intents.list.queryOptions({ workspaceId: props.workspaceId, botId: props.botId }));
  const store = useMemo(() => createBuilderStore(), []);
  const [loaded, setLoaded] = useState<{ revision: number; notice: string | null } | null>(null);

  useEffect(() => {
    if (intents.data) store.getState().setIntents(intents.data.map((intent) => intent.name));
  }, [intents.data, store]);

  useEffect(() => {
    if (!flow.data || loaded) return;
    const { droppedCount } = store.getState().loadGraph(flow.data.graph, { isReadOnly: !props.canEdit });
    let notice = droppedCount ? `${droppedCount} broken item(s) of the stored flow could not be drawn and were left out.` : null;
    const backup = props.canEdit ? readDraftBackup(localStorage, props.flowId) : null;
    if (backup && JSON.stringify(backup.graph) !== JSON.stringify(store.getState().toGraph())) {
      if (backup.baseRevision === flow.data.draftRevision) {
        // The tab closed (or went offline) before its last save: carry on from there. Ctrl+Z undoes the restore.
        store.getState().replaceGraph(backup.graph);
        notice = `Restored your unsaved changes from ${new Date(backup.savedAt).toLocaleString()}.`;
      } else {
        notice = "This browser has unsaved changes from an older version of this flow. They were not restored, because the flow was saved elsewhere since.";
        clearDraftBackup(localStorage, props.flowId);
      }
    }
    setLoaded({ revision: flow.data.draftRevision, notice });
  }, [flow.data, loaded, props.canEdit, props.flowId, store]);

  if (flow.isError) return <p className="form-error">{describeError(flow.error).message}</p>;
  if (!loaded) return <p role="status">Loading the flow…</p>;
  return (
    <BuilderStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <EditorLayout
          {...props}
          name={flow.data?.name ?? "Flow"}
          revision={loaded.revision}
          notice={loaded.notice}
          onReload={async () => {
            const fresh = await flow.refetch();
            if (fresh.data) store.getState().loadGraph(fresh.data.graph, { isReadOnly: !props.canEdit });
            clearDraftBackup(localStorage, props.flowId);
            return fresh.data?.draftRevision ?? null;
          }}
        />
      </ReactFlowProvider>
    </BuilderStoreContext.Provider>
  );
}

/** Focuses a card once React Flow has drawn it (a new node appears a frame or two after it is added). */
function focusNodeElement(container: HTMLElement | null, nodeId: string, framesLeft = 10) {
  const element = container?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
  // React Flow keeps a card hidden until it has measured it, and hidden elements take no focus.
  if (element && getComputedStyle(element).visibility !== "hidden") element.focus();
  if (document.activeElement !== element && framesLeft > 0) requestAnimationFrame(() => focusNodeElement(container, nodeId, framesLeft - 1));
}

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

function EditorLayout(props: FlowEditorProps & { name: string; revision: number; notice: string | null; onReload(): Promise<number | null> }) {
  const { workspaceId, botId, flowId, canEdit } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const store = useBuilderStore();
  const reactFlow = useReactFlow();
  const fitCanvas = useFitCanvas();
  const canvasRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>("settings");
  const [layout, setLayout] = useState<BuilderLayout>(() => readBuilderLayout(localStorage, window.matchMedia(WIDE_SCREEN).matches));
  const changeLayout = useCallback((change: Partial<BuilderLayout>) => {
    setLayout((current) => {
      const next = { ...current, ...change };
      writeBuilderLayout(localStorage, next);
      return next;
    });
  }, []);
  const openPanel = useCallback(
    (next: View) => {
      setView(next);
      changeLayout({ isPanelOpen: true });
    },
    [changeLayout],
  );
  const [isPublishOpen, setIsPublishOpen] = useState(false);
  const [note, setNote] = useState("");
  const [shouldMakeLive, setShouldMakeLive] = useState(true);
  const [notice, setNotice] = useState(props.notice);
  const autosave = useAutosave({ store, workspaceId, flowId, revision: props.revision });
  const { canUndo, canRedo, errorCount, warningCount } = useBuilder(
    useShallow((state) => ({ canUndo: state.history.past.length > 0, canRedo: state.history.future.length > 0, errorCount: state.validation.errors.length, warningCount: state.validation.warnings.length })),
  );

  const focusNode = useCallback(
    (nodeId: string) => {
      store.getState().selectNode(nodeId);
      openPanel("settings");
      void reactFlow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
      requestAnimationFrame(() => focusNodeElement(canvasRef.current, nodeId));
    },
    [openPanel, reactFlow, store],
  );

  const addAtCenter = useCallback(
    (type: NodeTypeName) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      const centre = rect ? reactFlow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
      let position = { x: Math.round((centre.x - 110) / 20) * 20, y: Math.round((centre.y - 40) / 20) * 20 };
      // The middle of the view is often taken: move right until the new card does not cover another one.
      const isTaken = (spot: { x: number; y: number }) => store.getState().nodes.some((node) => Math.abs(node.position.x - spot.x) < 240 && Math.abs(node.position.y - spot.y) < 120);
      for (let attempt = 0; attempt < 12 && isTaken(position); attempt++) position = attempt % 4 === 3 ? { x: position.x - 720, y: position.y + 140 } : { x: position.x + 240, y: position.y };
      const id = store.getState().addNode(type, position);
      openPanel("settings");
      requestAnimationFrame(() => focusNodeElement(canvasRef.current, id));
    },
    [openPanel, reactFlow, store],
  );

  // Editing shortcuts; typing in a field keeps the field's own undo and copy.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const state = store.getState();
      if (key === "z" && !event.shiftKey) state.undo();
      else if ((key === "z" && event.shiftKey) || key === "y") state.redo();
      else if (key === "c" && state.copySelected() === 0) return;
      else if (key === "v") state.paste();
      else if (key === "s") void autosave.saveNow();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [autosave, store]);

  const setActive = useMutation(trpc.flows.setActive.mutationOptions());
  const publish = useMutation(
    trpc.flows.publish.mutationOptions({
      onSuccess: async () => {
        // Another flow of this bot may be the live one (the FAQ bot from before an upgrade): switch only when asked.
        if (!props.isActive && shouldMakeLive) await setActive.mutateAsync({ workspaceId, botId, flowId });
        setIsPublishOpen(false);
        setNote("");
        await queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ workspaceId, flowId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey({ workspaceId, botId }) });
      },
      onError: (error) => {
        if (errorCode(error) === "PRECONDITION_FAILED") openPanel("problems");
      },
    }),
  );

  const onPublish = async (event: FormEvent) => {
    event.preventDefault();
    const isSaved = await autosave.saveNow();
    if (isSaved) publish.mutate({ workspaceId, flowId, ...(note.trim() ? { note: note.trim() } : {}) });
  };

  const exportFile = async () => {
    const file = await client.flows.export.query({ workspaceId, flowId });
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${file.name.replace(/[^\w-]+/g, "-").toLowerCase() || "flow"}.json`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="flow-editor">
      <div className="flow-toolbar" role="toolbar" aria-label="Flow editor">
        {props.flowPicker}
        <p className={`save-status is-${autosave.status}`} role="status" aria-live="polite">
          {canEdit ? describeSaveStatus(autosave.status) : "Read-only: your role cannot edit flows"}
        </p>
        <button type="button" className="secondary small" disabled={!canUndo} onClick={() => store.getState().undo()} aria-keyshortcuts="Control+Z">
          Undo
        </button>
        <button type="button" className="secondary small" disabled={!canRedo} onClick={() => store.getState().redo()} aria-keyshortcuts="Control+Shift+Z">
          Redo
        </button>
        <button type="button" className="secondary small" disabled={!canEdit} onClick={() => store.getState().autoLayout()}>
          Tidy up
        </button>
        <button type="button" className="secondary small" onClick={() => fitCanvas({ duration: 300 })}>
          Zoom to fit
        </button>
        <button type="button" className="secondary small" onClick={() => void exportFile()}>
          Export
        </button>
        {canEdit ? (
          <button type="button" className="small" onClick={() => setIsPublishOpen(!isPublishOpen)} aria-expanded={isPublishOpen}>
            Publish…
          </button>
        ) : null}
      </div>
      {isPublishOpen ? (
        <form className="publish-form inline-form" onSubmit={(event) => void onPublish(event)} aria-label="Publish">
          <div className="field">
            <label htmlFor="publish-note">What changed? (optional)</label>
            <input id="publish-note" value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} placeholder="e.g. Added returns questions" />
          </div>
          {props.isActive ? null : (
            <div className="field checkbox-field">
              <input id="publish-make-live" type="checkbox" checked={shouldMakeLive} onChange={(event) => setShouldMakeLive(event.target.checked)} />
              <label htmlFor="publish-make-live">Make this the flow your widget runs</label>
            </div>
          )}
          <p className="hint publish-visitors">
            <ReturningVisitorsNote workspaceId={workspaceId} botId={botId} />
          </p>
          <button type="submit" disabled={publish.isPending || errorCount > 0}>
            {publish.isPending ? "Publishing…" : "Publish now"}
          </button>
          {errorCount > 0 ? <p className="hint">Fix the {errorCount} problem(s) first.</p> : null}
        </form>
      ) : null}
      <div role="status" aria-live="polite">
        {publish.isSuccess ? (
          <p className="success">
            Published version {publish.data.number}.{" "}
            {props.isActive || setActive.isSuccess ? <ReturningVisitorsNote workspaceId={workspaceId} botId={botId} /> : "Your widget still runs another flow of this bot."}
          </p>
        ) : null}
      </div>
      {publish.isError ? (
        <p className="form-error" role="alert">
          {describeError(publish.error).message}
        </p>
      ) : null}
      {autosave.status === "conflict" || autosave.status === "error" ? (
        <div className="form-error" role="alert">
          <p>{autosave.errorMessage ?? describeSaveStatus(autosave.status)}</p>
          {autosave.status === "conflict" ? (
            <div className="actions">
              <button
                type="button"
                className="secondary small"
                onClick={() =>
                  void props.onReload().then((revision) => {
                    if (revision !== null) autosave.reset(revision);
                  })
                }
              >
                Reload the saved version
              </button>
              <button type="button" className="danger small" onClick={() => void autosave.overwrite()}>
                Keep mine and overwrite
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {notice ? (
        <p className="notice">
          {notice}{" "}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      <div className={`flow-workspace${layout.isPaletteOpen ? "" : " is-palette-closed"}${layout.isPanelOpen ? "" : " is-panel-closed"}`}>
        <Palette onAdd={addAtCenter} isDisabled={!canEdit} isOpen={layout.isPaletteOpen} onToggle={() => changeLayout({ isPaletteOpen: !layout.isPaletteOpen })} />
        <div className="flow-canvas-frame" ref={canvasRef}>
          <Canvas label={`Canvas of the flow “${props.name}”`} onOpenStep={() => openPanel("settings")} />
        </div>
        <aside className={layout.isPanelOpen ? "flow-side" : "flow-side is-closed"} aria-label="Flow panels">
          <div className="flow-side-tabs" role="group" aria-label="Panel">
            <button type="button" className="secondary small" aria-pressed={layout.isPanelOpen && view === "settings"} onClick={() => openPanel("settings")}>
              Settings
            </button>
            <button type="button" className="secondary small" aria-pressed={layout.isPanelOpen && view === "problems"} onClick={() => openPanel("problems")}>
              Problems ({errorCount + warningCount})
            </button>
            <button type="button" className="secondary small" aria-pressed={layout.isPanelOpen && view === "chat"} onClick={() => openPanel("chat")}>
              Test chat
            </button>
            <button type="button" className="secondary small" aria-pressed={layout.isPanelOpen && view === "versions"} onClick={() => openPanel("versions")}>
              Versions
            </button>
            <button
              type="button"
              className="secondary small flow-column-toggle"
              aria-expanded={layout.isPanelOpen}
              aria-controls="flow-side-body"
              aria-label={layout.isPanelOpen ? "Hide the panel" : "Show the panel"}
              title={layout.isPanelOpen ? "Hide the panel" : "Show the panel"}
              onClick={() => changeLayout({ isPanelOpen: !layout.isPanelOpen })}
            >
              <span aria-hidden="true">{layout.isPanelOpen ? "»" : "«"}</span>
            </button>
          </div>
          <div className="flow-side-body" id="flow-side-body" hidden={!layout.isPanelOpen}>
            {layout.isPanelOpen && view === "settings" ? (
              <>
                <SidePanel workspaceId={workspaceId} botId={botId} />
                {errorCount > 0 ? <ProblemsList onFocusNode={focusNode} /> : null}
              </>
            ) : null}
            {layout.isPanelOpen && view === "problems" ? <ProblemsList onFocusNode={focusNode} /> : null}
            {/* The test chat keeps its conversation while the panel is hidden. */}
            {view === "chat" ? <TestChat workspaceId={workspaceId} botId={botId} onFocusNode={focusNode} /> : null}
            {layout.isPanelOpen && view === "versions" ? <VersionsPanel workspaceId={workspaceId} flowId={flowId} canEdit={canEdit} /> : null}
          </div>
        </aside>
      </div>
      <ReplaceLinkQuestion />
    </div>
  );
}

/** decideConnection's "Replace the link to X?", asked when a link is drawn from an output that has one. */
function ReplaceLinkQuestion() {
  const { pending, names } = useBuilder(useShallow((state) => ({ pending: state.pendingConnection, names: state.stepNames })));
  const store = useBuilderStore();
  if (!pending) return null;
  const question = describeReplaceQuestion(pending, names);
  return (
    <Dialog title={question.title} onClose={() => store.getState().cancelConnection()}>
      <p>{question.body}</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => store.getState().cancelConnection()} data-initial-focus>
          Keep the current link
        </button>
        <button type="button" onClick={() => store.getState().confirmConnection()}>
          Replace the link
        </button>
      </div>
    </Dialog>
  );
}
