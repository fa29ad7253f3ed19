import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type KnowledgeSource } from "../trpc";
import { describeError } from "../errors";
import { Dialog } from "./Dialog";
import { FormError } from "./FormError";

interface DeleteSourceDialogProps {
  workspaceId: string;
  botId: string;
  source: KnowledgeSource;
  onClose: () => void;
  onDeleted: (title: string) => void;
}

export function DeleteSourceDialog({ workspaceId, botId, source, onClose, onDeleted }: DeleteSourceDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.knowledge.deleteSource.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.knowledge.pathFilter());
        onDeleted(source.title);
      },
    }),
  );
  return (
    <Dialog title={`Delete “${source.title}”?`} onClose={onClose}>
      <p>
        The bot stops answering from its {source.chunkCount === 1 ? "1 entry" : `${source.chunkCount} entries`} at once. Your own copy of the file is not
        touched; you can upload it again later.
      </p>
      <FormError message={remove.error ? describeError(remove.error).message : null} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose} data-initial-focus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate({ workspaceId, botId, sourceId: source.id })}>
          Delete source
        </button>
      </div>
    </Dialog>
  );
}
