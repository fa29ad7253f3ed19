import type { MailMessage } from "../Mailer";
import { composeEmail, formatUtc } from "./composeEmail";

export interface WaitingVisitor {
  botName: string;
  since: Date;
}

/** One email for every conversation that waited with nobody online since the last one: a busy evening is not a flood. */
export function visitorsWaitingEmail(input: { to: string; workspaceName: string; visitors: WaitingVisitor[]; inboxUrl: string }): MailMessage {
  const count = input.visitors.length;
  return composeEmail({
    to: input.to,
    subject: count === 1 ? `A visitor is waiting in ${input.workspaceName}` : `${count} visitors are waiting in ${input.workspaceName}`,
    greeting: null,
    paragraphs: [
      `${count === 1 ? "A visitor asked" : `${count} visitors asked`} for a person in “${input.workspaceName}” while nobody was online in the inbox:`,
      ...input.visitors.map((visitor) => `• ${visitor.botName}, since ${formatUtc(visitor.since)}`),
    ],
    action: { label: "Open the inbox", url: input.inboxUrl },
    after: ["You get this email because you are a member of this workspace. Being online in the inbox lets you take conversations as they come."],
  });
}
