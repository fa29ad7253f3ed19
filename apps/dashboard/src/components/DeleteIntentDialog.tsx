import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Intent } from "../trpc";
import { ConfirmDialog } from "./ConfirmDialog";

interface DeleteIntentDialogProps {
  workspaceId: string;
  botId: string;
  intent: Intent;
  onClose: () => void;
  onDeleted: (name: string) => void;
}

export function DeleteIntentDialog({ workspaceId, botId, intent, onClose, onDeleted }: DeleteIntentDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.intents.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.intents.pathFilter());
        onDeleted(intent.name);
      },
    }),
  );
  return (
    <ConfirmDialog title={`Delete “${intent.name}”?`} confirmLabel="Delete intent" isPending={remove.isPending} error={remove.error} onConfirm={() => remove.mutate({ workspaceId, botId, intentId: intent.id })} onClose={onClose}>
      The bot stops recognising this intent and its {intent.examples.length === 1 ? "example" : `${intent.examples.length} examples`} are deleted. Flow steps
      that branch on “{intent.name}” will send customers to their fallback instead.
    </ConfirmDialog>
  );
}
