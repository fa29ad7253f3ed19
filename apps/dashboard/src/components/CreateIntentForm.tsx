import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { IntentForm } from "./IntentForm";

export function CreateIntentForm({ workspaceId, botId, onCreated }: { workspaceId: string; botId: string; onCreated: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A new key empties the form after each intent created.
  const [formKey, setFormKey] = useState(0);
  const create = useMutation(
    trpc.intents.create.mutationOptions({
      onSuccess: async (intent) => {
        setFormKey((key) => key + 1);
        onCreated(intent.name);
        await queryClient.invalidateQueries(trpc.intents.pathFilter());
      },
    }),
  );
  return (
    <IntentForm
      key={formKey}
      submitLabel="Create intent"
      isPending={create.isPending}
      error={create.error ? describeError(create.error) : null}
      onSubmit={(values) => create.mutate({ workspaceId, botId, ...values })}
    />
  );
}
