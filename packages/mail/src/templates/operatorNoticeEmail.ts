import type { MailMessage } from "../Mailer";
import { composeEmail } from "./composeEmail";

/** A notice for the server's operator (OPERATOR_EMAIL), e.g. a shop asking for Enterprise: the notice's own text, paragraph by paragraph. */
export function operatorNoticeEmail(input: { to: string; subject: string; text: string }): MailMessage {
  const paragraphs = input.text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
  return composeEmail({ to: input.to, subject: input.subject, greeting: null, paragraphs, after: ["You get this as the operator of this Chatwright server (OPERATOR_EMAIL)."] });
}
