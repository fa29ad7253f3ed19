import type { Mailer, MailMessage } from "./Mailer";

export interface LoggedMail extends MailMessage {
  id: number;
  from: string;
  sentAt: Date;
}

/** The last emails the log mailer "sent", newest first: what the dev mailbox page shows. */
export interface DevMailbox {
  list(): LoggedMail[];
}

export interface LogMailerOptions {
  from: string;
  /** Where each email goes instead of a mail server: the server's logger. */
  log: (mail: LoggedMail) => void;
  now?: () => Date;
  /** How many emails the mailbox keeps. Default 50. */
  keep?: number;
}

/**
 * Without SMTP_URL: every email is written to the log and kept (the last
 * few, in memory) for the dev mailbox page, so the flows that send mail can
 * be tried on a laptop.
 */
export function createLogMailer(options: LogMailerOptions): Mailer & DevMailbox {
  const keep = options.keep ?? 50;
  const now = options.now ?? (() => new Date());
  const mails: LoggedMail[] = [];
  let lastId = 0;
  return {
    kind: "log",
    send(message) {
      lastId += 1;
      const mail: LoggedMail = { ...message, id: lastId, from: options.from, sentAt: now() };
      mails.unshift(mail);
      mails.splice(keep);
      options.log(mail);
      return Promise.resolve();
    },
    list: () => mails.map((mail) => ({ ...mail })),
  };
}
