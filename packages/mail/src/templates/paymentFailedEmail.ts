import type { MailMessage } from "../Mailer";
import { composeEmail } from "./composeEmail";

export function paymentFailedEmail(input: { to: string; workspaceName: string; billingUrl: string }): MailMessage {
  return composeEmail({
    to: input.to,
    subject: `Payment failed for ${input.workspaceName}`,
    greeting: null,
    paragraphs: [
      `We could not charge the card on file for the workspace “${input.workspaceName}”. Its plan stays as it is while the payment is retried over the next days.`,
      "Update the payment method so your bots keep their plan.",
    ],
    action: { label: "Update payment method", url: input.billingUrl },
  });
}
