import type { Db } from "@chatwright/db";
import { DomainError } from "../errors";
import { verifyPassword } from "./password";
import { hasLiveSubscription, LIVE_SUBSCRIPTION_MESSAGE } from "../workspaces/deleteWorkspace";

export interface AccountDeletion {
  /** Workspaces the user was the only member of: deleted with the account. */
  deletedWorkspaceIds: string[];
  /** Workspaces the user left (someone else stays owner). */
  leftWorkspaceIds: string[];
}

/**
 * Deletes the signed-in user after they confirm with their password: their
 * sessions everywhere (cascade), memberships, inbox read marks and sign-in
 * records; workspaces where they were the only member go with them. A
 * workspace they alone own while others are members is not left ownerless:
 * the deletion is refused, naming it, and so is one that would go with the
 * account while it has a paid subscription. Conversations they were handling go back
 * to the waiting queue. Workspace audit rows keep their (now meaningless) id.
 */
export async function deleteAccount(db: Db, input: { userId: string; password: string }): Promise<AccountDeletion> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, passwordHash: true } });
  if (!user) throw new DomainError("NOT_FOUND", "This account no longer exists.");
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    throw new DomainError("BAD_REQUEST", "That password is not right. Enter your current password to delete your account.");
  }
  return db.$transaction(async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { userId: user.id },
      select: {
        role: true,
        workspace: {
          select: {
            id: true,
            name: true,
            stripeSubscriptionId: true,
            subscriptionStatus: true,
            memberships: { where: { userId: { not: user.id } }, select: { role: true } },
          },
        },
      },
    });
    const deletedWorkspaceIds: string[] = [];
    const leftWorkspaceIds: string[] = [];
    const blocking: string[] = [];
    for (const { role, workspace } of memberships) {
      const others = workspace.memberships;
      if (others.length === 0 && hasLiveSubscription(workspace)) {
        throw new DomainError("PRECONDITION_FAILED", `Your workspace "${workspace.name}" ${LIVE_SUBSCRIPTION_MESSAGE} your account.`);
      }
      if (others.length === 0) deletedWorkspaceIds.push(workspace.id);
      else if (role === "OWNER" && !others.some((other) => other.role === "OWNER")) blocking.push(workspace.name);
      else leftWorkspaceIds.push(workspace.id);
    }
    if (blocking.length > 0) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        `You are the only owner of ${blocking.map((name) => `"${name}"`).join(", ")}, which other people use. Make someone else an owner there, or delete the workspace, then delete your account.`,
      );
    }
    // Chats they were handling go back to the waiting queue rather than to a person who no longer exists.
    await tx.conversation.updateMany({ where: { assignedAgentId: user.id, status: "AGENT" }, data: { assignedAgentId: null, status: "WAITING_AGENT" } });
    await tx.conversation.updateMany({ where: { assignedAgentId: user.id }, data: { assignedAgentId: null } });
    await tx.workspace.deleteMany({ where: { id: { in: deletedWorkspaceIds } } });
    // Sign-in records (with IP addresses) belong to no workspace: they go with the person.
    await tx.auditLog.deleteMany({ where: { userId: user.id, workspaceId: null } });
    await tx.user.delete({ where: { id: user.id } });
    for (const workspaceId of leftWorkspaceIds) {
      await tx.auditLog.create({ data: { workspaceId, userId: user.id, action: "member.account_deleted", targetType: "User", targetId: user.id } });
    }
    return { deletedWorkspaceIds, leftWorkspaceIds };
  });
}
