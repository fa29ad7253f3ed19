import type { MailMessage } from "../Mailer";
import { composeEmail, formatUtc } from "./composeEmail";

export function signInLockedEmail(input: { to: string; at: Date; ip: string; isFromAllClients: boolean; forgotPasswordUrl: string }): MailMessage {
  return composeEmail({
    to: input.to,
    subject: "Sign-in to your Chatwright account was paused",
    greeting: "Hello,",
    paragraphs: [
      `Too many wrong passwords were tried for ${input.to} on ${formatUtc(input.at)}${input.isFromAllClients ? " from many addresses" : ` from ${input.ip}`}, so signing in is paused for a while.`,
      "If that was you, wait a few minutes and try again, or reset your password. If it was not, your password held; choosing a new, longer one is still a good idea.",
    ],
    action: { label: "Reset your password", url: input.forgotPasswordUrl },
  });
}
