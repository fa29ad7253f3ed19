/** One email, already written (see the templates): plain text, and the same as simple HTML. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email. The SMTP one delivers it; the log one writes it to the log (and the dev mailbox). */
export interface Mailer {
  /** "smtp" or "log": the server says at start which one it uses. */
  readonly kind: "smtp" | "log";
  send(message: MailMessage): Promise<void>;
}
