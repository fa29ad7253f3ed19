import type { DevMailbox, Mailer, MailMessage } from "@chatwright/mail";

/** What an email was about, for the log when sending it fails. */
export type MailPurpose = "passwordReset" | "passwordChanged" | "invitation" | "signInLocked" | "paymentFailed" | "visitorsWaiting" | "quota";

/** Email as the API sends it: the mailer (SMTP, or the log), where links point, and who hears about failures. */
export interface MailServices {
  mailer: Mailer;
  /** The dashboard's address for links in emails: PUBLIC_URL, else the address the server listens on. */
  appUrl(): string;
  /** A send that failed: the request that caused it has already succeeded; the server logs it. */
  onError(error: unknown, purpose: MailPurpose): void;
  /** Outside production without SMTP_URL: what the dev mailbox page (/dev/mailbox) lists. */
  devMailbox?: DevMailbox | null;
}

/**
 * Sends in the background: a request never waits on the mail server (nor
 * takes longer when an account exists, which would tell who has one).
 * Without mail services nothing is sent.
 */
export function sendInBackground(mail: MailServices | null | undefined, message: MailMessage, purpose: MailPurpose): boolean {
  if (!mail) return false;
  mail.mailer.send(message).catch((error: unknown) => mail.onError(error, purpose));
  return true;
}

/** `path` under the dashboard's address, e.g. appLink(mail, "/reset-password/abc"). */
export function appLink(mail: Pick<MailServices, "appUrl">, path: string): string {
  return new URL(path, mail.appUrl()).toString();
}
