import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Bot } from "../trpc";
import { describeError } from "../errors";
import { Dialog } from "./Dialog";
import { Field } from "./Field";
import { FormError } from "./FormError";

interface DeleteBotDialogProps {
  workspaceId: string;
  bot: Bot;
  onClose: () => void;
  onDeleted: (name: string) => void;
}

export function DeleteBotDialog({ workspaceId, bot, onClose, onDeleted }: DeleteBotDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmName, setConfirmName] = useState("");
  const remove = useMutation(
    trpc.bots.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.bots.list.queryFilter({ workspaceId }));
        onDeleted(bot.name);
      },
    }),
  );
  const error = remove.error ? describeError(remove.error) : null;
  const isConfirmed = confirmName.trim() === bot.name;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isConfirmed) remove.mutate({ workspaceId, botId: bot.id, confirmName });
  }

  return (
    <Dialog title={`Delete “${bot.name}”?`} onClose={onClose}>
      <p>
        This deletes the bot, its conversation flow and its chat history for good. Shops that embed it stop showing the chat. This cannot be
        undone.
      </p>
      <form onSubmit={submit} noValidate>
        <Field
          label="Type the bot name to confirm"
          hint={`Type “${bot.name}” exactly.`}
          autoComplete="off"
          spellCheck={false}
          value={confirmName}
          onChange={(event) => setConfirmName(event.target.value)}
          errors={error?.fieldErrors.confirmName}
          data-initial-focus
        />
        <FormError message={error?.message} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!isConfirmed || remove.isPending}>
            Delete bot
          </button>
        </div>
      </form>
    </Dialog>
  );
}
