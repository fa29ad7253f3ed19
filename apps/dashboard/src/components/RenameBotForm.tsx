import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Bot } from "../trpc";
import { describeError } from "../errors";
import { Field } from "./Field";
import { FormError } from "./FormError";

interface RenameBotFormProps {
  workspaceId: string;
  bot: Bot;
  onDone: (newName: string | null) => void;
}

/** Inline rename; Escape or Cancel leaves the name as it was. */
export function RenameBotForm({ workspaceId, bot, onDone }: RenameBotFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(bot.name);
  const formRef = useRef<HTMLFormElement>(null);
  const rename = useMutation(
    trpc.bots.rename.mutationOptions({
      onSuccess: async (renamed) => {
        await queryClient.invalidateQueries(trpc.bots.list.queryFilter({ workspaceId }));
        onDone(renamed.name);
      },
    }),
  );
  const error = rename.error ? describeError(rename.error) : null;

  useEffect(() => {
    formRef.current?.querySelector("input")?.select();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() === bot.name) onDone(null);
    else rename.mutate({ workspaceId, botId: bot.id, name });
  }

  function cancelOnEscape(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onDone(null);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} onKeyDown={cancelOnEscape} noValidate className="inline-form rename-form">
      <Field label={`New name for “${bot.name}”`} required autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} errors={error?.fieldErrors.name} />
      <button type="submit" disabled={rename.isPending}>
        Save name
      </button>
      <button type="button" className="secondary" onClick={() => onDone(null)}>
        Cancel
      </button>
      <FormError message={error?.message} />
    </form>
  );
}
