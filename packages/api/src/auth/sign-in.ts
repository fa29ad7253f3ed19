import type { Db } from "@chatwright/db";
import { DomainError } from "../errors";
import { decoyPasswordHash, verifyPassword } from "./password";
import { createSession, deleteSession, type IssuedSession } from "./sessions";
import type { LoginLockout, LoginThrottle } from "./throttle";

const BAD_CREDENTIALS = "Email or password is incorrect.";

/**
 * Failed sign-ins have just locked an account's email: from the client that
 * failed ("client"), or from every client ("all-clients", a distributed
 * attack). `at` is when; the lock lasts until enough failures have left the
 * throttle's window.
 */
export interface EmailLockout {
  userId: string;
  email: string;
  ip: string;
  lockedFor: LoginLockout;
  at: Date;
}

export interface SignInContext {
  now: Date;
  ip: string;
  userAgent?: string | null;
  /** The session cookie the browser still had, if any: replaced, never reused. */
  previousToken?: string | null;
  /** byEmail counts each email per client (the IP) as well when its rule has `maxFailuresFromAllClients`. */
  throttle: { byEmail: LoginThrottle; byIp: LoginThrottle };
  /**
   * Called once per lockout of an existing account's email, to tell its
   * owner. Nothing passes it yet: the product sends no email so far. Not
   * awaited: send in the background and handle your own errors.
   */
  onEmailLocked?: (lockout: EmailLockout) => void;
}

/**
 * Checks the password and issues a fresh session (rotation: the old cookie's
 * session is deleted). The same error for an unknown email and a wrong
 * password, and the same work for both, so sign-in reveals no accounts.
 * The attempt is counted before the password is checked, so parallel
 * guesses cannot outrun the throttle.
 */
export async function signIn(db: Db, input: { email: string; password: string }, context: SignInContext): Promise<IssuedSession & { userId: string }> {
  const email = input.email.trim().toLowerCase();
  const attempt = await reserveSignInAttempt(context.throttle, { email, ip: context.ip }, context.now.getTime());
  let user: { id: string; passwordHash: string } | null;
  let isValid: boolean;
  try {
    user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    isValid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash()));
  } catch (error) {
    // The password was never checked: not a failure.
    await attempt.release();
    throw error;
  }
  if (!user || !isValid) {
    if (user && attempt.emailLocksOut) context.onEmailLocked?.({ userId: user.id, email, ip: context.ip, lockedFor: attempt.emailLocksOut, at: context.now });
    throw new DomainError("UNAUTHORIZED", BAD_CREDENTIALS);
  }
  await attempt.succeed();
  if (context.previousToken) await deleteSession(db, context.previousToken);
  const session = await createSession(db, { userId: user.id, now: context.now, userAgent: context.userAgent ?? null });
  await db.auditLog.create({ data: { userId: user.id, action: "user.signed_in", metadata: { ip: context.ip } } });
  return { ...session, userId: user.id };
}

/** Takes the attempt from the email's and the IP's counts at once, or from neither (TOO_MANY_REQUESTS). */
async function reserveSignInAttempt(throttle: SignInContext["throttle"], { email, ip }: { email: string; ip: string }, now: number) {
  const [byEmail, byIp] = await Promise.allSettled([throttle.byEmail.reserve(email, now, ip), throttle.byIp.reserve(ip, now)]);
  const emailAttemptId = byEmail.status === "fulfilled" && !byEmail.value.isBlocked ? byEmail.value.id : null;
  const ipAttemptId = byIp.status === "fulfilled" && !byIp.value.isBlocked ? byIp.value.id : null;
  const release = async () => {
    await Promise.all([
      emailAttemptId === null ? undefined : throttle.byEmail.release(email, emailAttemptId, ip),
      ipAttemptId === null ? undefined : throttle.byIp.release(ip, ipAttemptId),
    ]);
  };
  // A count that could not be reached (not one that fails open): nothing stays taken.
  if (byEmail.status === "rejected") {
    await release();
    throw byEmail.reason;
  }
  if (byIp.status === "rejected") {
    await release();
    throw byIp.reason;
  }
  if (byEmail.value.isBlocked || byIp.value.isBlocked) {
    // One count refused: give back what the other took, so only checked attempts count.
    await release();
    const retryAfterMs = Math.max(...[byEmail.value, byIp.value].map((attempt) => (attempt.isBlocked ? attempt.retryAfterMs : 0)));
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    throw new DomainError("TOO_MANY_REQUESTS", `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`, { retryAfterMs });
  }
  return {
    emailLocksOut: byEmail.value.locksOut,
    release,
    /**
     * The right password: this client's failures for the email are forgotten
     * (others' stay), and the attempt is given back to the IP's count.
     */
    succeed: () => Promise.all([throttle.byEmail.reset(email, ip), ipAttemptId === null ? undefined : throttle.byIp.release(ip, ipAttemptId)]),
  };
}
