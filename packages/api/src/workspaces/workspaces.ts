import type { Db, Plan, Role } from "@chatwright/db";
import { DomainError } from "../errors";
import { enforcePlanOnBots, type PlanFallback } from "../flows/enforcePlanOnBots";

export interface WorkspaceSummary {
  id: string;
  name: string;
  plan: Plan;
  role: Role;
}

export async function listMyWorkspaces(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { id: true, name: true, plan: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, plan: m.workspace.plan, role: m.role }));
}

export async function createWorkspace(db: Db, options: { userId: string; name: string }): Promise<WorkspaceSummary> {
  const workspace = await db.workspace.create({
    data: { name: options.name.trim(), memberships: { create: { userId: options.userId, role: "OWNER" } } },
    select: { id: true, name: true, plan: true },
  });
  await db.auditLog.create({ data: { workspaceId: workspace.id, userId: options.userId, action: "workspace.created" } });
  return { ...workspace, role: "OWNER" };
}

export async function renameWorkspace(db: Db, options: { workspaceId: string; name: string }): Promise<void> {
  await db.workspace.update({ where: { id: options.workspaceId }, data: { name: options.name.trim() } });
}

export const PLANS = ["FREE", "STARTER", "PRO", "ENTERPRISE"] as const satisfies readonly Plan[];

/** The admin CLI's plan change (Enterprise contracts, tests); bots whose flow the plan cannot run fall back to the FAQ bot. */
export async function setWorkspacePlan(db: Db, options: { workspaceId: string; plan: Plan }): Promise<PlanFallback[]> {
  const updated = await db.workspace.updateMany({ where: { id: options.workspaceId }, data: { plan: options.plan } });
  if (updated.count === 0) throw new DomainError("NOT_FOUND", `No workspace with id ${options.workspaceId}.`);
  await db.auditLog.create({ data: { workspaceId: options.workspaceId, action: "workspace.plan_set", metadata: { plan: options.plan } } });
  return enforcePlanOnBots(db, options);
}
