import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPCClient } from "../trpc";
import { describeError, errorCode } from "../errors";
import type { BuilderStore } from "./store";

export type SaveStatus = "saved" | "unsaved" | "saving" | "offline" | "conflict" | "error";

export const AUTOSAVE_DELAY_MS = 800;
const OFFLINE_RETRY_MS = 5000;

/** An unsaved draft kept in the browser, so a closed tab or a lost connection loses nothing. */
export interface DraftBackup {
  baseRevision: number;
  graph: unknown;
  savedAt: number;
}

const backupKey = (flowId: string) => `chatwright:flow-draft:${flowId}`;

export function readDraftBackup(storage: Pick<Storage, "getItem">, flowId: string): DraftBackup | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(backupKey(flowId)) ?? "null");
    if (typeof parsed !== "object" || parsed === null) return null;
    if (!("baseRevision" in parsed) || typeof parsed.baseRevision !== "number") return null;
    if (!("savedAt" in parsed) || typeof parsed.savedAt !== "number" || !("graph" in parsed)) return null;
    return { baseRevision: parsed.baseRevision, savedAt: parsed.savedAt, graph: parsed.graph };
  } catch {
    return null;
  }
}

export function writeDraftBackup(storage: Pick<Storage, "setItem">, flowId: string, backup: DraftBackup): void {
  try {
    storage.setItem(backupKey(flowId), JSON.stringify(backup));
  } catch {
    // Storage full or disabled: the server save still runs.
  }
}

export function clearDraftBackup(storage: Pick<Storage, "removeItem">, flowId: string): void {
  try {
    storage.removeItem(backupKey(flowId));
  } catch {
    // nothing to clear
  }
}

/** What to show next to the flow's name. */
export function describeSaveStatus(status: SaveStatus): string {
  switch (status) {
    case "saved":
      return "All changes saved";
    case "unsaved":
      return "Unsaved changes…";
    case "saving":
      return "Saving…";
    case "offline":
      return "Offline — changes are kept in this browser and saved when you are back online";
    case "conflict":
      return "Not saved: this flow was changed in another tab";
    case "error":
      return "Not saved";
  }
}

/**
 * Saves the draft a moment after each change. Every save names the revision
 * it was based on; when another tab (or person) saved in between, the server
 * refuses with CONFLICT and autosave stops until the owner chooses: reload
 * theirs, or overwrite with this tab's drawing. Never a silent overwrite.
 */
export function useAutosave(options: { store: BuilderStore; workspaceId: string; flowId: string; revision: number; delayMs?: number }) {
  const { store, workspaceId, flowId } = options;
  const delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
  const client = useTRPCClient();
  const [status, setStatus] = useState<SaveStatus>("saved");
  const [errorMessage, setErrorMessage] = useState<string | null>(null);
  const revisionRef = useRef(options.revision);
  const savedChangeCountRef = useRef(store.getState().changeCount);
  const inFlightRef = useRef<Promise<boolean> | null>(null);
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const statusRef = useRef<SaveStatus>("saved");
  const channelRef = useRef<BroadcastChannel | null>(null);

  const updateStatus = useCallback((next: SaveStatus) => {
    statusRef.current = next;
    setStatus(next);
  }, []);

  const save = useCallback(async (): Promise<boolean> => {
    if (timerRef.current) clearTimeout(timerRef.current);
    timerRef.current = null;
    if (statusRef.current === "conflict") return false;
    if (inFlightRef.current) {
      await inFlightRef.current;
      return store.getState().changeCount === savedChangeCountRef.current ? true : save();
    }
    const { changeCount } = store.getState();
    if (changeCount === savedChangeCountRef.current && statusRef.current === "saved") return true;
    const graph = store.getState().toGraph();
    updateStatus("saving");
    const attempt = (async () => {
      try {
        const result = await client.flows.saveDraft.mutate({ workspaceId, flowId, graph, baseRevision: revisionRef.current });
        revisionRef.current = result.draftRevision;
        savedChangeCountRef.current = changeCount;
        channelRef.current?.postMessage({ flowId, revision: result.draftRevision });
        setErrorMessage(null);
        if (store.getState().changeCount === changeCount) {
          clearDraftBackup(localStorage, flowId);
          updateStatus("saved");
        } else {
          updateStatus("unsaved");
        }
        return true;
      } catch (error) {
        const code = errorCode(error);
        if (code === "CONFLICT") updateStatus("conflict");
        else if (code === null) updateStatus("offline");
        else updateStatus("error");
        setErrorMessage(describeError(error).message);
        return false;
      } finally {
        inFlightRef.current = null;
      }
    })();
    inFlightRef.current = attempt;
    const isSaved = await attempt;
    if (isSaved && store.getState().changeCount !== savedChangeCountRef.current) return save();
    return isSaved;
  }, [client, flowId, store, updateStatus, workspaceId]);

  const schedule = useCallback(
    (delay: number) => {
      if (timerRef.current) clearTimeout(timerRef.current);
      timerRef.current = setTimeout(() => void save(), delay);
    },
    [save],
  );

  // Every change: keep a copy in the browser at once, save to the server a moment later.
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.changeCount === previous.changeCount || state.isReadOnly) return;
        writeDraftBackup(localStorage, flowId, { baseRevision: revisionRef.current, graph: state.toGraph(), savedAt: Date.now() });
        if (statusRef.current === "conflict") return;
        if (statusRef.current !== "saving" && statusRef.current !== "offline") updateStatus("unsaved");
        schedule(statusRef.current === "offline" ? OFFLINE_RETRY_MS : delayMs);
      }),
    [delayMs, flowId, schedule, store, updateStatus],
  );

  // Offline: retry when the browser says the connection is back, and every few seconds anyway.
  useEffect(() => {
    if (status !== "offline") return;
    const retry = () => void save();
    window.addEventListener("online", retry);
    const timer = setInterval(retry, OFFLINE_RETRY_MS);
    return () => {
      window.removeEventListener("online", retry);
      clearInterval(timer);
    };
  }, [save, status]);

  // Another tab of this browser saved the same flow: warn now, before this tab's next save is refused.
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel("chatwright-flow-saves");
    channelRef.current = channel;
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (typeof message !== "object" || message === null || !("flowId" in message) || !("revision" in message)) return;
      if (message.flowId === flowId && typeof message.revision === "number" && message.revision > revisionRef.current) {
        updateStatus("conflict");
        setErrorMessage("This flow was just saved from another tab. Reload to see those changes, or keep yours and overwrite them.");
      }
    };
    return () => {
      channel.close();
      channelRef.current = null;
    };
  }, [flowId, updateStatus]);

  // Closing the tab with unsaved work: the browser asks first (and the local copy is kept anyway).
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (statusRef.current !== "saved") event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  useEffect(
    () => () => {
      if (timerRef.current) clearTimeout(timerRef.current);
    },
    [],
  );

  /** After a reload from the server: start over from its revision. */
  const reset = useCallback(
    (revision: number) => {
      revisionRef.current = revision;
      savedChangeCountRef.current = store.getState().changeCount;
      setErrorMessage(null);
      updateStatus("saved");
    },
    [store, updateStatus],
  );

  /** Keep this tab's drawing: save it over the newer one, knowingly. */
  const overwrite = useCallback(async () => {
    const latest = await client.flows.get.query({ workspaceId, flowId });
    revisionRef.current = latest.draftRevision;
    savedChangeCountRef.current = -1;
    updateStatus("unsaved");
    return save();
  }, [client, flowId, save, updateStatus, workspaceId]);

  return { status, errorMessage, saveNow: save, reset, overwrite, revisionRef };
}
