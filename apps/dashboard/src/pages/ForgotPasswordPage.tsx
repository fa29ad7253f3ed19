import { useState, type FormEvent } from "react";
import "../account/account.css";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { paths } from "../router";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { PlainLayout } from "../components/PlainLayout";

/** `/forgot-password`: asks for the email and sends a reset link; the answer is the same whether or not it has an account. */
export function ForgotPasswordPage() {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const error = request.error ? describeError(request.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ email });
  }

  return (
    <PlainLayout>
      <div className="card narrow">
        <PageHeading>Reset your password</PageHeading>
        {request.isSuccess ? (
          <div role="status">
            <p>
              If <strong>{request.variables.email}</strong> has a Chatwright account, we have emailed it a link to choose a new password. The link works once, for one hour.
            </p>
            <p className="hint">Nothing arrived after a few minutes? Look in your spam folder, or check the address and send the link again.</p>
            <p className="actions">
              <button type="button" className="secondary" onClick={() => request.reset()}>
                Send the link again
              </button>
            </p>
          </div>
        ) : (
          <>
            <p className="lede">Enter the email address you sign in with. We will send you a link to choose a new password.</p>
            <form onSubmit={submit} noValidate>
              <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} errors={error?.fieldErrors.email} />
              <FormError message={error && !error.fieldErrors.email ? error.message : null} />
              <button type="submit" className="wide" disabled={request.isPending}>
                Email me a reset link
              </button>
            </form>
          </>
        )}
        <p className="switch-auth">
          Remembered it? <Link href={paths.signIn()}>Back to sign in</Link>
        </p>
      </div>
    </PlainLayout>
  );
}
