import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { navigate, paths } from "../router";
import { rememberWorkspace } from "../workspaceChoice";
import { Field } from "./Field";
import { FormError } from "./FormError";

/** Creates a workspace (one per shop) and opens its bots page. */
export function NewWorkspaceForm({ onClose }: { onClose?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: async (workspace) => {
        rememberWorkspace(workspace.id);
        await queryClient.invalidateQueries(trpc.auth.me.queryFilter());
        onClose?.();
        navigate(paths.bots(workspace.id));
      },
    }),
  );
  const error = create.error ? describeError(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Field
        label="Workspace name"
        hint="Usually your shop's name. Each workspace has its own bots, members and plan."
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={error?.fieldErrors.name}
        required
        autoComplete="organization"
        data-initial-focus
      />
      <FormError message={error?.message} />
      <div className="actions">
        {onClose ? (
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          Create workspace
        </button>
      </div>
    </form>
  );
}
