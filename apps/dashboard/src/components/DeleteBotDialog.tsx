import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Bot } from "../trpc";
import { TypeToConfirmDialog } from "./TypeToConfirmDialog";

interface DeleteBotDialogProps {
  workspaceId: string;
  bot: Bot;
  onClose: () => void;
  onDeleted: (name: string) => void;
}

export function DeleteBotDialog({ workspaceId, bot, onClose, onDeleted }: DeleteBotDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.bots.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.bots.list.queryFilter({ workspaceId }));
        onDeleted(bot.name);
      },
    }),
  );

  return (
    <TypeToConfirmDialog
      title={`Delete “${bot.name}”?`}
      name={bot.name}
      fieldLabel="Type the bot name to confirm"
      confirmLabel="Delete bot"
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={(confirmName) => remove.mutate({ workspaceId, botId: bot.id, confirmName })}
      onClose={onClose}
    >
      This deletes the bot, its conversation flow and its chat history for good. Shops that embed it stop showing the chat. This cannot be undone.
    </TypeToConfirmDialog>
  );
}
