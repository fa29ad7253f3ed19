import type { Db, Role } from "@chatwright/db";
import { DomainError } from "../errors";
import { invitationEmail } from "@chatwright/mail";
import { createSecretToken, hashToken } from "../auth/tokens";
import { appLink, sendInBackground, type MailServices } from "../mail/mailServices";

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export async function listMembers(db: Db, workspaceId: string): Promise<Member[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: { role: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, role: r.role }));
}

/**
 * The invitation is a one-time token, sent as a link to the invited address
 * when the server sends email, and returned so the owner can also pass it
 * on by hand. Only its hash is stored.
 */
export async function inviteMember(
  db: Db,
  mail: MailServices | null | undefined,
  options: { workspaceId: string; invitedById: string; email: string; role: Role; now: Date },
): Promise<{ token: string; expiresAt: Date; isEmailed: boolean }> {
  const email = options.email.trim().toLowerCase();
  const alreadyMember = await db.membership.findFirst({ where: { workspaceId: options.workspaceId, user: { email } }, select: { id: true } });
  if (alreadyMember) throw new DomainError("CONFLICT", `${email} is already a member of this workspace.`);
  const token = createSecretToken();
  const expiresAt = new Date(options.now.getTime() + INVITATION_TTL_MS);
  await db.invitation.create({
    data: { workspaceId: options.workspaceId, email, role: options.role, tokenHash: hashToken(token), invitedById: options.invitedById, expiresAt },
  });
  await db.auditLog.create({ data: { workspaceId: options.workspaceId, userId: options.invitedById, action: "member.invited", metadata: { email, role: options.role } } });
  if (!mail) return { token, expiresAt, isEmailed: false };
  const [inviter, workspace] = await Promise.all([
    db.user.findUnique({ where: { id: options.invitedById }, select: { name: true } }),
    db.workspace.findUniqueOrThrow({ where: { id: options.workspaceId }, select: { name: true } }),
  ]);
  const acceptUrl = appLink(mail, `/invite/${encodeURIComponent(token)}`);
  const message = invitationEmail({ to: email, inviterName: inviter?.name ?? "A colleague", workspaceName: workspace.name, role: options.role, acceptUrl, expiresAt });
  return { token, expiresAt, isEmailed: sendInBackground(mail, message, "invitation") };
}

export async function acceptInvitation(db: Db, options: { token: string; userId: string; email: string; now: Date }): Promise<{ workspaceId: string; role: Role }> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashToken(options.token) } });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= options.now.getTime()) {
    throw new DomainError("NOT_FOUND", "This invitation link is invalid or has expired. Ask the workspace owner for a new one.");
  }
  if (invitation.email !== options.email.toLowerCase()) {
    throw new DomainError("FORBIDDEN", `This invitation is for ${invitation.email}. Sign in with that email to accept it.`);
  }
  await db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: options.now } });
    if (claimed.count === 0) throw new DomainError("NOT_FOUND", "This invitation was already used.");
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: options.userId } },
      create: { workspaceId: invitation.workspaceId, userId: options.userId, role: invitation.role },
      update: {},
    });
  });
  return { workspaceId: invitation.workspaceId, role: invitation.role };
}

export async function changeMemberRole(db: Db, options: { workspaceId: string; userId: string; role: Role }): Promise<void> {
  await db.$transaction(async (tx) => {
    const member = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: options.workspaceId, userId: options.userId } } });
    if (!member) throw new DomainError("NOT_FOUND", "That person is not a member of this workspace.");
    if (member.role === "OWNER" && options.role !== "OWNER") await assertAnotherOwner(tx, options.workspaceId, options.userId);
    await tx.membership.update({ where: { id: member.id }, data: { role: options.role } });
  });
}

export async function removeMember(db: Db, options: { workspaceId: string; userId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const member = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: options.workspaceId, userId: options.userId } } });
    if (!member) throw new DomainError("NOT_FOUND", "That person is not a member of this workspace.");
    if (member.role === "OWNER") await assertAnotherOwner(tx, options.workspaceId, options.userId);
    await tx.membership.delete({ where: { id: member.id } });
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function assertAnotherOwner(tx: Tx, workspaceId: string, exceptUserId: string) {
  const owners = await tx.membership.count({ where: { workspaceId, role: "OWNER", userId: { not: exceptUserId } } });
  if (owners === 0) throw new DomainError("PRECONDITION_FAILED", "A workspace needs at least one owner. Make someone else an owner first.");
}
