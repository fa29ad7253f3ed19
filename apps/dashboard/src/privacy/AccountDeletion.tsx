import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { navigate, paths } from "../router";
import { Dialog } from "../components/Dialog";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";

/** Deleting one's own account: signs out everywhere; workspaces nobody else uses go too. */
export function AccountDeletion() {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <section aria-labelledby="account-heading" className="panel">
      <h2 id="account-heading">Your account</h2>
      <p className="lede">
        Deleting your account signs you out on every device and removes you from every workspace. Workspaces where you are the only member
        are deleted with it; where you are the only owner of a workspace others use, make someone else an owner first.
      </p>
      <div className="actions">
        <button type="button" className="danger-outline" onClick={() => setIsOpen(true)}>
          Delete my account…
        </button>
      </div>
      {isOpen ? <DeleteAccountDialog onClose={() => setIsOpen(false)} /> : null}
    </section>
  );
}

function DeleteAccountDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const remove = useMutation(
    trpc.auth.deleteAccount.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        navigate(paths.signIn(), { replace: true });
      },
    }),
  );
  const error = remove.error ? describeError(remove.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password) remove.mutate({ password });
  }

  return (
    <Dialog title="Delete your account?" onClose={onClose}>
      <p>This cannot be undone. Enter your password to confirm.</p>
      <form onSubmit={submit} noValidate>
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={error?.fieldErrors.password}
          data-initial-focus
        />
        <FormError message={error?.message} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!password || remove.isPending}>
            Delete my account
          </button>
        </div>
      </form>
    </Dialog>
  );
}
