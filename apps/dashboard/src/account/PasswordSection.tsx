import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import "./account.css";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";

/** Settings → Your password: the current one, the new one twice. Other sessions are signed out; a confirmation is emailed. */
export function PasswordSection({ email }: { email: string }) {
  const trpc = useTRPC();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const [mismatch, setMismatch] = useState<string | null>(null);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrentPassword("");
        setNewPassword("");
        setRepeated("");
      },
    }),
  );
  const error = change.error ? describeError(change.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (newPassword !== repeated) {
      setMismatch("The two new passwords are not the same. Type the new password again in both fields.");
      return;
    }
    setMismatch(null);
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <section aria-labelledby="password-heading" className="panel password-section">
      <h2 id="password-heading">Your password</h2>
      <p className="lede">
        Changing it signs you out on your other devices. We email {email} to confirm.
      </p>
      <form onSubmit={submit} noValidate>
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          errors={error?.fieldErrors.currentPassword}
        />
        <Field
          label="New password"
          hint="At least 10 characters."
          type="password"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          errors={error?.fieldErrors.newPassword}
        />
        <Field label="New password again" type="password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} />
        <FormError message={mismatch ?? (error && !error.fieldErrors.currentPassword && !error.fieldErrors.newPassword ? error.message : null)} />
        <p className="success" role="status">
          {change.isSuccess && !change.isPending
            ? `Password changed. Your other sessions were signed out${change.data.isEmailed ? `, and we emailed ${email} to confirm` : ""}.`
            : ""}
        </p>
        <button type="submit" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}
