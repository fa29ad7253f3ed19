import type { Db } from "@chatwright/db";
import { DomainError } from "../errors";
import { findPasswordProblem } from "./findPasswordProblem";
import { hashPassword } from "./password";
import { createSession, type IssuedSession } from "./sessions";

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  workspaceName?: string | undefined;
}

/**
 * Creates the user, their first workspace (FREE plan) with them as OWNER, and
 * a session. A password anyone would guess early is refused before anything
 * is written.
 */
export async function signUp(db: Db, input: SignUpInput, context: { now: Date; userAgent?: string | null }): Promise<IssuedSession & { userId: string; workspaceId: string }> {
  const email = input.email.trim().toLowerCase();
  const passwordProblem = findPasswordProblem(input.password, { email });
  // `field` lets the form show the message next to the field it is about.
  if (passwordProblem !== null) throw new DomainError("BAD_REQUEST", passwordProblem, { field: "password" });
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new DomainError("CONFLICT", "An account with this email already exists. Sign in instead.", { field: "email" });
  const { user, workspace } = await db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash } });
    const workspace = await tx.workspace.create({
      data: { name: input.workspaceName?.trim() || `${input.name.trim()}'s shop`, memberships: { create: { userId: user.id, role: "OWNER" } } },
    });
    await tx.auditLog.create({ data: { workspaceId: workspace.id, userId: user.id, action: "user.signed_up" } });
    return { user, workspace };
  });
  const session = await createSession(db, { userId: user.id, now: context.now, userAgent: context.userAgent ?? null });
  return { ...session, userId: user.id, workspaceId: workspace.id };
}
