import type { Db } from "@chatwright/db";
import { DomainError } from "../errors";
import { decoyPasswordHash, verifyPassword } from "./password";
import { createSession, deleteSession, type IssuedSession } from "./sessions";
import type { LoginThrottle } from "./throttle";

const BAD_CREDENTIALS = "Email or password is incorrect.";

export interface SignInContext {
  now: Date;
  ip: string;
  userAgent?: string | null;
  /** The session cookie the browser still had, if any: replaced, never reused. */
  previousToken?: string | null;
  throttle: { byEmail: LoginThrottle; byIp: LoginThrottle };
}

/**
 * Checks the password and issues a fresh session (rotation: the old cookie's
 * session is deleted). The same error for an unknown email and a wrong
 * password, and the same work for both, so sign-in reveals no accounts.
 */
export async function signIn(db: Db, input: { email: string; password: string }, context: SignInContext): Promise<IssuedSession & { userId: string }> {
  const email = input.email.trim().toLowerCase();
  const now = context.now.getTime();
  const { byEmail, byIp } = context.throttle;
  const checks = await Promise.all([byEmail.check(email, now), byIp.check(context.ip, now)]);
  const retryAfterMs = Math.max(0, ...checks.map((check) => (check.isBlocked ? check.retryAfterMs : 0)));
  if (checks.some((check) => check.isBlocked)) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    throw new DomainError("TOO_MANY_REQUESTS", `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`, { retryAfterMs });
  }
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const isValid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !isValid) {
    await Promise.all([byEmail.recordFailure(email, now), byIp.recordFailure(context.ip, now)]);
    throw new DomainError("UNAUTHORIZED", BAD_CREDENTIALS);
  }
  // Only the email's count: one person signing in does not vouch for everyone behind their IP.
  await byEmail.reset(email);
  if (context.previousToken) await deleteSession(db, context.previousToken);
  const session = await createSession(db, { userId: user.id, now: context.now, userAgent: context.userAgent ?? null });
  await db.auditLog.create({ data: { userId: user.id, action: "user.signed_in", metadata: { ip: context.ip } } });
  return { ...session, userId: user.id };
}
