const STORAGE_KEY = "chatwright.workspaceId";

/** The workspace to open: the remembered one if the user still belongs to it, else their first. */
export function chooseWorkspace<T extends { id: string }>(workspaces: readonly T[], rememberedId: string | null): T | null {
  return workspaces.find((workspace) => workspace.id === rememberedId) ?? workspaces[0] ?? null;
}

export function readRememberedWorkspace(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policy): just don't remember
  }
}

export function rememberWorkspace(workspaceId: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, workspaceId);
  } catch {
    // see readRememberedWorkspace
  }
}
