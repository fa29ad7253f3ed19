import { createSmtpMailer } from "@chatwright/mail";
import type { MailServices } from "../mail/mailServices";

/** Mail services that deliver to a test SMTP server (see @chatwright/mail/testing); send failures fail the test loudly. */
export function createTestMail(smtpUrl: string, appUrl = "https://app.chatwright.test"): MailServices & { close(): void; errors: unknown[] } {
  const mailer = createSmtpMailer({ url: smtpUrl, from: "Chatwright <no-reply@chatwright.test>" });
  const errors: unknown[] = [];
  return {
    mailer,
    appUrl: () => appUrl,
    onError: (error) => errors.push(error),
    errors,
    close: () => mailer.close(),
  };
}
