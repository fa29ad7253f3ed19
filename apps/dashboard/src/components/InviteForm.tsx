import { useId, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC, type Role } from "../trpc";
import { describeError } from "../errors";
import { paths } from "../router";
import { isRole, ROLE_OPTIONS } from "../roles";
import { Field } from "./Field";
import { FormError } from "./FormError";
import { CopyButton } from "./CopyButton";

const expiryFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

interface Invitation {
  email: string;
  link: string;
  expiresAt: string;
  isEmailed: boolean;
}

export function InviteForm({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const roleId = useId();
  const linkId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("AGENT");
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const invite = useMutation(
    trpc.workspaces.invite.mutationOptions({
      onSuccess: ({ token, expiresAt, isEmailed }, input) => {
        setInvitation({ email: input.email, link: `${window.location.origin}${paths.invite(token)}`, expiresAt, isEmailed });
        setEmail("");
      },
    }),
  );
  const error = invite.error ? describeError(invite.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setInvitation(null);
    invite.mutate({ workspaceId, email, role });
  }

  return (
    <>
      <form onSubmit={submit} noValidate className="inline-form">
        <Field label="Email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} errors={error?.fieldErrors.email} />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}>
            {ROLE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={invite.isPending}>
          Create invitation link
        </button>
        <FormError message={error?.message} />
      </form>
      <div role="status">
        {invitation ? (
          <div className="invitation">
            <p>
              {invitation.isEmailed ? (
                <>
                  <strong>Invitation emailed to {invitation.email}.</strong> You can also copy the link and send it to them yourself.
                </>
              ) : (
                <>
                  <strong>Invitation link for {invitation.email} created.</strong> This server sends no email: copy the link and send it to them yourself.
                </>
              )}{" "}
              It works once, only for {invitation.email}, until {expiryFormat.format(new Date(invitation.expiresAt))}.
            </p>
            <div className="copy-row">
              <label htmlFor={linkId}>Invitation link</label>
              <input id={linkId} readOnly value={invitation.link} onFocus={(e) => e.target.select()} />
              <CopyButton text={invitation.link} />
            </div>
          </div>
        ) : null}
      </div>
    </>
  );
}
