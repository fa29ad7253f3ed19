import type { Db } from "@chatwright/db";
import { passwordChangedEmail } from "@chatwright/mail";
import { DomainError } from "../errors";
import { appLink, sendInBackground, type MailServices } from "../mail/mailServices";
import { findPasswordProblem } from "./findPasswordProblem";
import { hashPassword, verifyPassword } from "./password";

/**
 * The signed-in user's new password, with the current one as proof. Every
 * other session of the account is signed out (this one stays), and the
 * account's email gets a confirmation saying what to do if it was not them.
 */
export async function changePassword(
  db: Db,
  mail: MailServices | null | undefined,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string; now: Date },
): Promise<{ isEmailed: boolean }> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, name: true, passwordHash: true } });
  if (!user) throw new DomainError("NOT_FOUND", "This account no longer exists.");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new DomainError("BAD_REQUEST", "Your current password is not right. Enter it again, or sign out and use “Forgot your password?”.");
  }
  if (input.currentPassword === input.newPassword) throw new DomainError("BAD_REQUEST", "The new password is the same as the current one. Choose a different one.");
  const problem = findPasswordProblem(input.newPassword, { email: user.email });
  if (problem !== null) throw new DomainError("BAD_REQUEST", problem);
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id, id: { not: input.sessionId } } });
    await tx.auditLog.create({ data: { userId: user.id, action: "user.password_changed" } });
  });
  const isEmailed = mail
    ? sendInBackground(mail, passwordChangedEmail({ to: user.email, name: user.name, at: input.now, forgotPasswordUrl: appLink(mail, "/forgot-password") }), "passwordChanged")
    : false;
  return { isEmailed };
}
