import { useId, useState } from "react";
import type { WorkspaceSummary } from "../trpc";
import { navigate, paths } from "../router";
import type { Section } from "./AppShell";
import { NewWorkspaceDialog } from "./NewWorkspaceDialog";

interface WorkspaceSwitcherProps {
  workspaces: WorkspaceSummary[];
  current: WorkspaceSummary;
  section: Section;
}

/** Switching keeps the user in the same section of the other workspace. */
export function WorkspaceSwitcher({ workspaces, current, section }: WorkspaceSwitcherProps) {
  const selectId = useId();
  const [isCreating, setIsCreating] = useState(false);
  return (
    <div className="switcher">
      <label htmlFor={selectId}>Workspace</label>
      <select id={selectId} value={current.id} onChange={(event) => navigate(paths[section](event.target.value))}>
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" onClick={() => setIsCreating(true)}>
        New workspace
      </button>
      {isCreating ? <NewWorkspaceDialog onClose={() => setIsCreating(false)} /> : null}
    </div>
  );
}
