import type { MailMessage } from "../Mailer";
import { composeEmail } from "./composeEmail";

/** At 80 %: a warning; at 100 %: bots have stopped answering until the month ends or the plan changes. */
export function quotaEmail(input: { to: string; workspaceName: string; threshold: 80 | 100; used: number; quota: number; month: string; billingUrl: string }): MailMessage {
  const isReached = input.threshold === 100;
  const usage = `${input.used.toLocaleString("en-US")} of ${input.quota.toLocaleString("en-US")} visitor messages`;
  return composeEmail({
    to: input.to,
    subject: isReached ? `${input.workspaceName} has used its monthly messages` : `${input.workspaceName} has used 80 % of its monthly messages`,
    greeting: null,
    paragraphs: [
      `The workspace “${input.workspaceName}” has used ${usage} in ${input.month}.`,
      isReached
        ? "Its bots no longer answer new visitor messages until next month. Upgrade the plan to answer them now."
        : "When it reaches 100 %, its bots stop answering new visitor messages until next month. Upgrade the plan to avoid that.",
    ],
    action: { label: "See plans and usage", url: input.billingUrl },
  });
}
