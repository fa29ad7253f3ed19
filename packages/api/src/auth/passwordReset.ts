import type { Db } from "@chatwright/db";
import { passwordResetEmail } from "@chatwright/mail";
import { DomainError } from "../errors";
import { appLink, sendInBackground, type MailServices } from "../mail/mailServices";
import type { RateLimiter, RateLimitRule } from "../widget/rateLimits";
import { findPasswordProblem } from "./findPasswordProblem";
import { hashPassword } from "./password";
import { createSecretToken, hashToken } from "./tokens";

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
/** Links per account per hour: enough for a lost email, too few to flood an inbox. */
const MAX_RESETS_PER_HOUR = 3;
/** Requests per client (IP) per hour, whatever the address: one client cannot mail many inboxes. */
export const PASSWORD_RESET_REQUESTS_PER_IP: RateLimitRule = { limit: 10, windowMs: 60 * 60 * 1000 };
const INVALID_LINK = "This password reset link is invalid, already used or expired. Ask for a new one with “Forgot your password?” on the sign-in page.";

/**
 * Emails a one-hour, single-use reset link when the address has an account.
 * Says nothing either way (the caller answers the same), so the form reveals
 * no accounts. Only the token's hash is stored.
 */
export async function requestPasswordReset(
  db: Db,
  deps: { mail: MailServices | null | undefined; limiter: RateLimiter },
  input: { email: string; ip: string; now: Date },
): Promise<void> {
  const { mail } = deps;
  if (!mail) throw new DomainError("PRECONDITION_FAILED", "This server cannot send email, so passwords cannot be reset by email. Ask its administrator to set SMTP_URL.");
  const allowed = await deps.limiter.take([{ key: `passwordReset:${input.ip}`, rule: PASSWORD_RESET_REQUESTS_PER_IP }], input.now.getTime());
  if (!allowed.ok) {
    const minutes = Math.max(1, Math.ceil(allowed.retryAfterMs / 60_000));
    throw new DomainError("TOO_MANY_REQUESTS", `Too many reset requests from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`, { retryAfterMs: allowed.retryAfterMs });
  }
  const email = input.email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (!user) return;
  const recent = await db.passwordResetToken.count({ where: { userId: user.id, createdAt: { gt: new Date(input.now.getTime() - PASSWORD_RESET_TTL_MS) } } });
  if (recent >= MAX_RESETS_PER_HOUR) return;
  const token = createSecretToken();
  await db.passwordResetToken.create({
    data: { userId: user.id, tokenHash: hashToken(token), createdAt: input.now, expiresAt: new Date(input.now.getTime() + PASSWORD_RESET_TTL_MS) },
  });
  const resetUrl = appLink(mail, `/reset-password/${encodeURIComponent(token)}`);
  sendInBackground(mail, passwordResetEmail({ to: user.email, name: user.name, resetUrl, validForMinutes: PASSWORD_RESET_TTL_MS / 60_000 }), "passwordReset");
}

/** Whether a reset link can still be used (the reset page asks before showing its form). */
export async function isPasswordResetTokenValid(db: Db, input: { token: string; now: Date }): Promise<boolean> {
  const row = await db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(input.token) }, select: { usedAt: true, expiresAt: true } });
  return row !== null && row.usedAt === null && row.expiresAt.getTime() > input.now.getTime();
}

/**
 * Sets a new password with a reset link's token, once: the token is spent,
 * the account's other reset links die with it, and every session of the
 * account is signed out (whoever knew the old password is out too).
 */
export async function resetPassword(db: Db, input: { token: string; password: string; now: Date }): Promise<{ email: string }> {
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: hashToken(input.token) },
    select: { id: true, usedAt: true, expiresAt: true, user: { select: { id: true, email: true } } },
  });
  if (!row || row.usedAt || row.expiresAt.getTime() <= input.now.getTime()) throw new DomainError("NOT_FOUND", INVALID_LINK);
  const problem = findPasswordProblem(input.password, { email: row.user.email });
  if (problem !== null) throw new DomainError("BAD_REQUEST", problem);
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    // Two tabs submitting the same link: one wins.
    const spent = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: input.now } });
    if (spent.count === 0) throw new DomainError("NOT_FOUND", INVALID_LINK);
    await tx.passwordResetToken.updateMany({ where: { userId: row.user.id, usedAt: null }, data: { usedAt: input.now } });
    await tx.user.update({ where: { id: row.user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: row.user.id } });
    await tx.auditLog.create({ data: { userId: row.user.id, action: "user.password_reset" } });
  });
  return { email: row.user.email };
}
