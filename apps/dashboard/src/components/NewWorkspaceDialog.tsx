import { Dialog } from "./Dialog";
import { NewWorkspaceForm } from "./NewWorkspaceForm";

export function NewWorkspaceDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="New workspace" onClose={onClose}>
      <NewWorkspaceForm onClose={onClose} />
    </Dialog>
  );
}
