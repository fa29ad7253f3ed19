import nodemailer from "nodemailer";
import type { Mailer } from "./Mailer";

export interface SmtpMailerOptions {
  /** SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  /** MAIL_FROM: "Chatwright <no-reply@shop.example>". */
  from: string;
}

/** Delivers through one SMTP server with a small pool of connections. A refused message rejects `send`. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(options.url);
  return {
    kind: "smtp",
    async send(message) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    close: () => transport.close(),
  };
}
