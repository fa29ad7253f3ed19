import type { Db } from "@chatwright/db";
import type { OperatorNotice } from "../context";
import { DomainError } from "../errors";

/** One request a day per workspace is plenty; more is a double click or a loop. */
const REQUEST_INTERVAL_MS = 24 * 60 * 60_000;

export interface EnterpriseRequestInput {
  workspaceId: string;
  userId: string;
  contactName: string;
  email: string;
  phone?: string | undefined;
  message: string;
}

/**
 * Stores an owner's request for the Enterprise plan, then tells the operator
 * through `notifyOperator` (email, once the mail module wires it). The request
 * is stored first and kept when telling fails or no notifier is configured:
 * notifiedAt stays null and the operator finds it in the database.
 */
export async function requestEnterprise(
  deps: { db: Db; now: () => Date; notifyOperator?: ((notice: OperatorNotice) => Promise<void>) | null | undefined },
  input: EnterpriseRequestInput,
): Promise<{ createdAt: Date; isOperatorNotified: boolean }> {
  const workspace = await deps.db.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { name: true, plan: true } });
  if (workspace.plan === "ENTERPRISE") throw new DomainError("PRECONDITION_FAILED", "This workspace is on the Enterprise plan already.");
  const recent = await deps.db.enterpriseRequest.findFirst({
    where: { workspaceId: input.workspaceId, createdAt: { gt: new Date(deps.now().getTime() - REQUEST_INTERVAL_MS) } },
    select: { id: true },
  });
  if (recent) throw new DomainError("TOO_MANY_REQUESTS", "We have your Enterprise request from today and will be in touch by email. To add something, reply to our email.");
  const request = await deps.db.enterpriseRequest.create({
    data: {
      workspaceId: input.workspaceId,
      userId: input.userId,
      contactName: input.contactName,
      email: input.email,
      phone: input.phone ?? null,
      message: input.message,
      createdAt: deps.now(),
    },
  });
  await deps.db.auditLog.create({ data: { workspaceId: input.workspaceId, userId: input.userId, action: "billing.enterprise_requested", targetType: "EnterpriseRequest", targetId: request.id } });
  if (!deps.notifyOperator) return { createdAt: request.createdAt, isOperatorNotified: false };
  try {
    await deps.notifyOperator({
      kind: "enterpriseRequest",
      workspaceId: input.workspaceId,
      subject: `Enterprise request from ${workspace.name}`,
      text: [
        `Workspace: ${workspace.name} (${input.workspaceId}), now on ${workspace.plan}`,
        `Contact: ${input.contactName} <${input.email}>${input.phone ? `, ${input.phone}` : ""}`,
        "",
        input.message,
      ].join("\n"),
    });
    await deps.db.enterpriseRequest.update({ where: { id: request.id }, data: { notifiedAt: deps.now() } });
    return { createdAt: request.createdAt, isOperatorNotified: true };
  } catch {
    // The owner's request is stored either way (notifiedAt stays null); the notifier logs its own failure.
    return { createdAt: request.createdAt, isOperatorNotified: false };
  }
}
