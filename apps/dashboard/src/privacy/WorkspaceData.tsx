import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, useTRPCClient, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { navigate, paths } from "../router";
import { FormError } from "../components/FormError";
import { TypeToConfirmDialog } from "../components/TypeToConfirmDialog";
import { downloadFile } from "../inbox/downloadFile";

/** The owner's own data: take a copy of the whole workspace, or delete it. */
export function WorkspaceData({ workspace }: { workspace: WorkspaceSummary }) {
  const client = useTRPCClient();
  const [isDeleting, setIsDeleting] = useState(false);
  const [isExporting, setIsExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);

  async function exportWorkspace() {
    setExportError(null);
    setIsExporting(true);
    try {
      const data = await client.privacy.exportWorkspace.query({ workspaceId: workspace.id });
      downloadFile(`workspace-${workspace.name.replace(/[^\w-]+/g, "-")}-${data.exportedAt.slice(0, 10)}.json`, JSON.stringify(data, null, 2), "application/json");
    } catch (error) {
      setExportError(error);
    } finally {
      setIsExporting(false);
    }
  }

  return (
    <section aria-labelledby="workspace-data-heading" className="panel">
      <h2 id="workspace-data-heading">This workspace's data</h2>
      <p className="lede">
        Download everything in “{workspace.name}” as one JSON file: members, bots, flows and their versions, knowledge, intents, every
        conversation, usage and the audit log. Passwords, session tokens and API secrets are not included.
      </p>
      <div className="actions">
        <button type="button" className="secondary" disabled={isExporting} onClick={() => void exportWorkspace()}>
          {isExporting ? "Preparing…" : "Download workspace data"}
        </button>
        <button type="button" className="danger-outline" onClick={() => setIsDeleting(true)}>
          Delete workspace…
        </button>
      </div>
      <FormError message={exportError ? describeError(exportError).message : null} />
      {isDeleting ? <DeleteWorkspaceDialog workspace={workspace} onClose={() => setIsDeleting(false)} /> : null}
    </section>
  );
}

function DeleteWorkspaceDialog({ workspace, onClose }: { workspace: WorkspaceSummary; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.workspaces.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.auth.me.queryFilter());
        navigate(paths.home(), { replace: true });
      },
    }),
  );

  return (
    <TypeToConfirmDialog
      title={`Delete “${workspace.name}”?`}
      name={workspace.name}
      fieldLabel="Type the workspace name to confirm"
      confirmLabel="Delete workspace"
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={(confirmName) => remove.mutate({ workspaceId: workspace.id, confirmName })}
      onClose={onClose}
    >
      This deletes the workspace for everyone in it: its bots, flows, knowledge, every conversation and its history. Shops that embed its bots
      stop showing the chat. This cannot be undone; download the workspace's data first if you may need it.
    </TypeToConfirmDialog>
  );
}
