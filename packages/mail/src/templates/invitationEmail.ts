import type { MailMessage } from "../Mailer";
import { composeEmail, formatUtc } from "./composeEmail";

const ROLE_WORDS = { OWNER: "an owner", ADMIN: "an admin", AGENT: "an agent" } as const;

export function invitationEmail(input: {
  to: string;
  inviterName: string;
  workspaceName: string;
  role: keyof typeof ROLE_WORDS;
  acceptUrl: string;
  expiresAt: Date;
}): MailMessage {
  return composeEmail({
    to: input.to,
    subject: `${input.inviterName} invited you to ${input.workspaceName} on Chatwright`,
    greeting: "Hello,",
    paragraphs: [
      `${input.inviterName} invited you to join the workspace “${input.workspaceName}” on Chatwright as ${ROLE_WORDS[input.role]}.`,
      `Sign in or create an account with this email address (${input.to}) to accept. The link works once, until ${formatUtc(input.expiresAt)}.`,
    ],
    action: { label: "Accept the invitation", url: input.acceptUrl },
    after: ["If you did not expect this invitation, ignore this email."],
  });
}
