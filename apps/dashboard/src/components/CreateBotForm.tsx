import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { Field } from "./Field";
import { FormError } from "./FormError";

export function CreateBotForm({ workspaceId, onCreated }: { workspaceId: string; onCreated: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.bots.create.mutationOptions({
      onSuccess: async (bot) => {
        setName("");
        onCreated(bot.name);
        await queryClient.invalidateQueries(trpc.bots.list.queryFilter({ workspaceId }));
      },
    }),
  );
  const error = create.error ? describeError(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ workspaceId, name });
  }

  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field
        label="Bot name"
        hint="Visitors may see it, e.g. “Help desk” or “Order assistant”."
        required
        autoComplete="off"
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={error?.fieldErrors.name}
      />
      <button type="submit" disabled={create.isPending}>
        Create bot
      </button>
      <FormError message={error?.message} />
    </form>
  );
}
