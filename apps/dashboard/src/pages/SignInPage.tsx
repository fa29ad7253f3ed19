import { useState, type FormEvent } from "react";
import "../account/account.css";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { navigate, paths, useNextPath } from "../router";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { PlainLayout } from "../components/PlainLayout";

export function SignInPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const next = useNextPath();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => {
        // Nothing cached for a previous user (or "signed out") may survive.
        queryClient.removeQueries();
        navigate(next ?? paths.home());
      },
    }),
  );
  const error = signIn.error ? describeError(signIn.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signIn.mutate({ email, password });
  }

  return (
    <PlainLayout>
      <div className="card narrow">
        <PageHeading>Sign in</PageHeading>
        {next?.startsWith("/invite/") ? <p>Sign in to accept your invitation.</p> : null}
        <form onSubmit={submit} noValidate>
          <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} errors={error?.fieldErrors.email} />
          <Field
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            errors={error?.fieldErrors.password}
          />
          <p className="forgot-password">
            <Link href={paths.forgotPassword()}>Forgot your password?</Link>
          </p>
          <FormError message={error?.message} />
          <button type="submit" className="wide" disabled={signIn.isPending}>
            Sign in
          </button>
        </form>
        <p className="switch-auth">
          New to Chatwright? <Link href={paths.signUp(next)}>Sign up</Link>
        </p>
      </div>
    </PlainLayout>
  );
}
