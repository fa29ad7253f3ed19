import { signInLockedEmail } from "@chatwright/mail";
import { appLink, sendInBackground, type MailServices } from "../mail/mailServices";
import type { EmailLockout } from "./sign-in";

/** sign-in's onEmailLocked: tells the account's owner their sign-in is paused, and how to get back in. */
export function notifySignInLocked(mail: MailServices | null | undefined, lockout: EmailLockout): void {
  if (!mail) return;
  sendInBackground(
    mail,
    signInLockedEmail({ to: lockout.email, at: lockout.at, ip: lockout.ip, isFromAllClients: lockout.lockedFor === "all-clients", forgotPasswordUrl: appLink(mail, "/forgot-password") }),
    "signInLocked",
  );
}
