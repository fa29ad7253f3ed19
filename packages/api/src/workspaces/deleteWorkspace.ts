import type { Db } from "@chatwright/db";
import { DomainError } from "../errors";

/** Stripe keeps billing a subscription in these states; a deleted workspace could no longer cancel it. */
export function hasLiveSubscription(workspace: { stripeSubscriptionId: string | null; subscriptionStatus: string | null }): boolean {
  return workspace.stripeSubscriptionId !== null && workspace.subscriptionStatus !== "canceled" && workspace.subscriptionStatus !== "incomplete_expired";
}

export const LIVE_SUBSCRIPTION_MESSAGE = "has a paid subscription. Cancel it on the Billing page (Manage billing) first, so you are not charged again, then delete";

/**
 * Deletes a workspace and everything it owns (bots, flows, knowledge,
 * conversations, usage, its audit log) by the database's cascades. The
 * owner types its name again; a workspace with a live Stripe subscription
 * is refused until it is cancelled. The record of the deletion is kept
 * outside the workspace (no workspaceId), naming only ids and the name.
 */
export async function deleteWorkspace(db: Db, input: { workspaceId: string; userId: string; confirmName: string }): Promise<void> {
  const workspace = await db.workspace.findUnique({
    where: { id: input.workspaceId },
    select: { id: true, name: true, stripeSubscriptionId: true, subscriptionStatus: true },
  });
  if (!workspace) throw new DomainError("NOT_FOUND", "Workspace not found.");
  if (workspace.name !== input.confirmName.trim()) {
    throw new DomainError("BAD_REQUEST", `To delete this workspace, type its name exactly: ${workspace.name}`);
  }
  if (hasLiveSubscription(workspace)) throw new DomainError("PRECONDITION_FAILED", `This workspace ${LIVE_SUBSCRIPTION_MESSAGE} it.`);
  await db.$transaction([
    db.workspace.delete({ where: { id: workspace.id } }),
    db.auditLog.create({ data: { userId: input.userId, action: "workspace.deleted", targetType: "Workspace", targetId: workspace.id, metadata: { name: workspace.name } } }),
  ]);
}
