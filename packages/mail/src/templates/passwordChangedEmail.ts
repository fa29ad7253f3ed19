import type { MailMessage } from "../Mailer";
import { composeEmail, formatUtc } from "./composeEmail";

export function passwordChangedEmail(input: { to: string; name: string; at: Date; forgotPasswordUrl: string }): MailMessage {
  return composeEmail({
    to: input.to,
    subject: "Your Chatwright password was changed",
    greeting: `Hi ${input.name},`,
    paragraphs: [`The password of your Chatwright account (${input.to}) was changed on ${formatUtc(input.at)}. Your other sessions were signed out.`],
    after: [`If this was not you, reset your password now at ${input.forgotPasswordUrl} and tell your workspace owner.`],
  });
}
