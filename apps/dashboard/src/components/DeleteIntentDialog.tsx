import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Intent } from "../trpc";
import { describeError } from "../errors";
import { Dialog } from "./Dialog";
import { FormError } from "./FormError";

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
    <Dialog title={`Delete “${intent.name}”?`} onClose={onClose}>
      <p>
        The bot stops recognising this intent and its {intent.examples.length === 1 ? "example" : `${intent.examples.length} examples`} are deleted. Flow steps
        that branch on “{intent.name}” will send customers to their fallback instead.
      </p>
      <FormError message={remove.error ? describeError(remove.error).message : null} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose} data-initial-focus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate({ workspaceId, botId, intentId: intent.id })}>
          Delete intent
        </button>
      </div>
    </Dialog>
  );
}
