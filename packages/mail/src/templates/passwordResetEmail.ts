import type { MailMessage } from "../Mailer";
import { composeEmail } from "./composeEmail";

export function passwordResetEmail(input: { to: string; name: string; resetUrl: string; validForMinutes: number }): MailMessage {
  return composeEmail({
    to: input.to,
    subject: "Reset your Chatwright password",
    greeting: `Hi ${input.name},`,
    paragraphs: [`Someone (we hope you) asked to reset the password of your Chatwright account. The link works once, for ${input.validForMinutes} minutes.`],
    action: { label: "Choose a new password", url: input.resetUrl },
    after: ["Choosing a new password signs you out everywhere else. If you did not ask for this, ignore this email: your password stays as it is."],
  });
}
