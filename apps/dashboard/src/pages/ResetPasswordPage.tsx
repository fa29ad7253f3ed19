import { useState, type FormEvent } from "react";
import "../account/account.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { paths } from "../router";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { PlainLayout } from "../components/PlainLayout";

/** `/reset-password/<token>`: the emailed link. A new password, typed twice; then sign in with it. */
export function ResetPasswordPage({ token }: { token: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({ ...trpc.auth.passwordResetStatus.queryOptions({ token }), staleTime: Infinity, retry: false });
  const [password, setPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const [mismatch, setMismatch] = useState<string | null>(null);
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      // Every session of the account is gone, this browser's too: nothing cached may survive.
      onSuccess: () => queryClient.removeQueries(),
    }),
  );
  const error = reset.error ? describeError(reset.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password !== repeated) {
      setMismatch("The two passwords are not the same. Type the new password again in both fields.");
      return;
    }
    setMismatch(null);
    reset.mutate({ token, password });
  }

  let body;
  if (reset.isSuccess) {
    body = (
      <div role="status">
        <p className="success">Your password is changed.</p>
        <p>You were signed out everywhere. Sign in with your new password.</p>
        <p>
          <Link className="button wide" href={paths.signIn()}>
            Sign in
          </Link>
        </p>
      </div>
    );
  } else if (status.isPending) {
    body = <p role="status">Checking your link…</p>;
  } else if (status.isError || !status.data.isValid) {
    body = (
      <>
        <p role="alert" className="form-error">
          {status.isError ? describeError(status.error).message : "This link is invalid, already used or expired (links work for one hour)."}
        </p>
        <p>
          <Link className="button" href={paths.forgotPassword()}>
            Get a new link
          </Link>
        </p>
      </>
    );
  } else {
    body = (
      <>
        <p className="lede">Choose a new password of at least 10 characters. Choosing it signs you out on every device.</p>
        <form onSubmit={submit} noValidate>
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            errors={error?.fieldErrors.password}
          />
          <Field label="New password again" type="password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} />
          <FormError message={mismatch ?? (error && !error.fieldErrors.password ? error.message : null)} />
          <button type="submit" className="wide" disabled={reset.isPending}>
            Set new password
          </button>
        </form>
      </>
    );
  }

  return (
    <PlainLayout>
      <div className="card narrow">
        <PageHeading>Choose a new password</PageHeading>
        {body}
      </div>
    </PlainLayout>
  );
}
