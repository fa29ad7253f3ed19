import type { Db } from "@chatwright/db";
import { createSecretToken, hashToken } from "./tokens";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

export async function createSession(db: Db, options: { userId: string; now: Date; userAgent?: string | null }): Promise<IssuedSession> {
  const token = createSecretToken();
  const expiresAt = new Date(options.now.getTime() + SESSION_TTL_MS);
  await db.session.create({
    data: { tokenHash: hashToken(token), userId: options.userId, expiresAt, userAgent: options.userAgent ?? null, createdAt: options.now, lastSeenAt: options.now },
  });
  return { token, expiresAt };
}

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
}

/** The user behind a cookie token, or null when it is unknown or expired (expired rows are removed). */
export async function findSessionUser(db: Db, options: { token: string; now: Date }): Promise<SessionUser | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(options.token) },
    select: { id: true, expiresAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!session) return null;
  if (session.expiresAt.getTime() <= options.now.getTime()) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return { sessionId: session.id, userId: session.user.id, email: session.user.email, name: session.user.name };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
