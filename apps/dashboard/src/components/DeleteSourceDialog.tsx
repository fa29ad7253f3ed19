import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type KnowledgeSource } from "../trpc";
import { ConfirmDialog } from "./ConfirmDialog";

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
    <ConfirmDialog title={`Delete “${source.title}”?`} confirmLabel="Delete source" isPending={remove.isPending} error={remove.error} onConfirm={() => remove.mutate({ workspaceId, botId, sourceId: source.id })} onClose={onClose}>
      The bot stops answering from its {source.chunkCount === 1 ? "1 entry" : `${source.chunkCount} entries`} at once. Your own copy of the file is not
      touched; you can upload it again later.
    </ConfirmDialog>
  );
}
