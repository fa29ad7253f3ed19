import type { Db } from "@chatwright/db";
import { DomainError } from "../errors";

/**
 * Deletes a workspace and everything it owns (bots, flows, knowledge,
 * conversations, usage, its audit log) by the database's cascades. The
 * owner types its name again. The record of the deletion is kept outside
 * the workspace (no workspaceId), naming only ids and the workspace's name.
 */
export async function deleteWorkspace(db: Db, input: { workspaceId: string; userId: string; confirmName: string }): Promise<void> {
  const workspace = await db.workspace.findUnique({ where: { id: input.workspaceId }, select: { id: true, name: true } });
  if (!workspace) throw new DomainError("NOT_FOUND", "Workspace not found.");
  if (workspace.name !== input.confirmName.trim()) {
    throw new DomainError("BAD_REQUEST", `To delete this workspace, type its name exactly: ${workspace.name}`);
  }
  await db.$transaction([
    db.workspace.delete({ where: { id: workspace.id } }),
    db.auditLog.create({ data: { userId: input.userId, action: "workspace.deleted", targetType: "Workspace", targetId: workspace.id, metadata: { name: workspace.name } } }),
  ]);
}
