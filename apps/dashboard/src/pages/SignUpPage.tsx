import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError, errorDetails } from "../errors";
import { navigate, paths, useNextPath } from "../router";
import { rememberWorkspace } from "../workspaceChoice";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { PlainLayout } from "../components/PlainLayout";
import { placeFormError } from "../onboarding/placeFormError";
import "../onboarding/onboarding.css";

const SIGN_UP_FIELDS = ["name", "email", "password", "workspaceName"] as const;

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
  // Each message shows once: next to the field it is about, or above the button when it is about none.
  const { fieldErrors, formMessage } = placeFormError(signUp.error ? { ...describeError(signUp.error), details: errorDetails(signUp.error) } : null, SIGN_UP_FIELDS);

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
          <p className="hint required-note">
            Fields marked <span className="required-mark">*</span> are required.
          </p>
          <Field label="Your name" autoComplete="name" required isRequiredMarked value={form.name} onChange={update("name")} errors={fieldErrors.name} />
          <Field label="Email" type="email" autoComplete="email" required isRequiredMarked value={form.email} onChange={update("email")} errors={fieldErrors.email} />
          <Field
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters."
            required
            isRequiredMarked
            value={form.password}
            onChange={update("password")}
            errors={fieldErrors.password}
          />
          <Field
            label="Shop name"
            autoComplete="organization"
            hint="Optional. You can have several shops, each with its own bots."
            value={form.workspaceName}
            onChange={update("workspaceName")}
            errors={fieldErrors.workspaceName}
          />
          <FormError message={formMessage} />
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
