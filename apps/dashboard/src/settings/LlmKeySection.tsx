import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { ConfirmDialog } from "../components/ConfirmDialog";

/** The workspace's own OpenRouter key (Enterprise): the owner sets or removes it; nobody reads it back. */
export function LlmKeySection({ workspace }: { workspace: WorkspaceSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isOwner = workspace.role === "OWNER";
  const status = useQuery(trpc.workspaces.llmKey.queryOptions({ workspaceId: workspace.id }));
  const [key, setKey] = useState("");
  const [isRemoving, setIsRemoving] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.workspaces.llmKey.queryFilter({ workspaceId: workspace.id }));
  const save = useMutation(
    trpc.workspaces.setLlmKey.mutationOptions({
      onSuccess: async () => {
        setKey("");
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.workspaces.removeLlmKey.mutationOptions({
      onSuccess: async () => {
        setIsRemoving(false);
        await refresh();
      },
    }),
  );
  const error = save.error ? describeError(save.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ workspaceId: workspace.id, key });
  }

  return (
    <section aria-labelledby="llm-key-heading" className="panel">
      <h2 id="llm-key-heading">Your OpenRouter key</h2>
      <p className="lede">
        AI replies and intent choices of this workspace&apos;s bots can run on your own OpenRouter account: your models, your limits, your bill. The key is stored encrypted and
        never shown again, not even to you. Without it, the server&apos;s key is used (if it has one).
      </p>
      <div role="status">
        {status.isPending ? (
          <p>Loading…</p>
        ) : status.isError ? (
          <p className="form-error">{describeError(status.error).message}</p>
        ) : status.data.isSet ? (
          <p>
            <strong>Set</strong>, ends with …{status.data.last4}
            {status.data.setAt ? ` (since ${new Date(status.data.setAt).toLocaleDateString()})` : ""}.
          </p>
        ) : (
          <p>Not set: the server&apos;s key is used.</p>
        )}
      </div>
      {isOwner ? (
        <>
          <form onSubmit={submit} noValidate className="inline-form">
            <Field
              label={status.data?.isSet ? "Replace the key" : "OpenRouter API key"}
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="sk-or-v1-…"
              required
              value={key}
              onChange={(e) => setKey(e.target.value)}
              errors={error?.fieldErrors.key}
            />
            <button type="submit" disabled={save.isPending || key.trim() === ""}>
              Save key
            </button>
            <FormError message={error && !error.fieldErrors.key ? error.message : null} />
          </form>
          {status.data?.isSet ? (
            <button type="button" className="danger" onClick={() => setIsRemoving(true)}>
              Remove key
            </button>
          ) : null}
        </>
      ) : (
        <p>Only owners of this workspace can set or remove the key.</p>
      )}
      {isRemoving ? (
        <ConfirmDialog
          title="Remove your OpenRouter key?"
          confirmLabel="Remove key"
          isPending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ workspaceId: workspace.id })}
          onClose={() => setIsRemoving(false)}
        >
          From the next message on, AI replies use the server&apos;s key, or say that AI replies are not configured.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
