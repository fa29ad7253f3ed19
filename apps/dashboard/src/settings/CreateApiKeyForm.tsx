import { useId, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { CopyButton } from "../components/CopyButton";

/** Names a new key; the whole key is shown here once, with a copy button, and never again. */
export function CreateApiKeyForm({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keyId = useId();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async ({ key, apiKey }) => {
        setCreated({ name: apiKey.name, key });
        setName("");
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter({ workspaceId }));
      },
    }),
  );
  const error = create.error ? describeError(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    create.mutate({ workspaceId, name });
  }

  return (
    <>
      <form onSubmit={submit} noValidate className="inline-form">
        <Field
          label="Key name"
          hint="What will use it, e.g. “Help desk sync”."
          autoComplete="off"
          required
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={error?.fieldErrors.name}
        />
        <button type="submit" disabled={create.isPending}>
          Create API key
        </button>
        <FormError message={error && !error.fieldErrors.name ? error.message : null} />
      </form>
      <div role="status">
        {created ? (
          <div className="invitation new-api-key">
            <p>
              <strong>API key “{created.name}” created.</strong> Copy it now and keep it somewhere safe: this is the only time Chatwright shows it. Send it as{" "}
              <code>Authorization: Bearer …</code>.
            </p>
            <div className="copy-row">
              <label htmlFor={keyId}>New API key</label>
              <input id={keyId} readOnly value={created.key} onFocus={(e) => e.target.select()} spellCheck={false} />
              <CopyButton text={created.key} label="Copy key" />
            </div>
            <button type="button" className="secondary" onClick={() => setCreated(null)}>
              I have copied it
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}
