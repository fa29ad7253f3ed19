import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { navigate, paths, useNextPath } from "../router";
import { rememberWorkspace } from "../workspaceChoice";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { PlainLayout } from "../components/PlainLayout";

export function SignUpPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const next = useNextPath();
  const [form, setForm] = useState({ name: "", email: "", password: "", workspaceName: "" });
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: ({ workspaceId }) => {
        queryClient.removeQueries();
        rememberWorkspace(workspaceId);
        navigate(next ?? paths.bots(workspaceId));
      },
    }),
  );
  const error = signUp.error ? describeError(signUp.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const workspaceName = form.workspaceName.trim();
    signUp.mutate({ name: form.name, email: form.email, password: form.password, ...(workspaceName ? { workspaceName } : {}) });
  }

  const update = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [key]: event.target.value }));

  return (
    <PlainLayout>
      <div className="card narrow">
        <PageHeading>Create your Chatwright account</PageHeading>
        <p>Build a chat assistant for your shop. No credit card, no code.</p>
        <form onSubmit={submit} noValidate>
          <Field label="Your name" autoComplete="name" required value={form.name} onChange={update("name")} errors={error?.fieldErrors.name} />
          <Field label="Email" type="email" autoComplete="email" required value={form.email} onChange={update("email")} errors={error?.fieldErrors.email} />
          <Field
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters."
            required
            value={form.password}
            onChange={update("password")}
            errors={error?.fieldErrors.password}
          />
          <Field
            label="Shop name"
            autoComplete="organization"
            hint="Optional. You can have several shops, each with its own bots."
            value={form.workspaceName}
            onChange={update("workspaceName")}
            errors={error?.fieldErrors.workspaceName}
          />
          <FormError message={error?.message} />
          <button type="submit" className="wide" disabled={signUp.isPending}>
            Sign up
          </button>
        </form>
        <p className="switch-auth">
          Already have an account? <Link href={paths.signIn(next)}>Sign in</Link>
        </p>
      </div>
    </PlainLayout>
  );
}
