import type { Db, Role } from "@chatwright/db";

/** The emails of a workspace's members with one of `roles`. */
export async function findMemberEmails(db: Db, input: { workspaceId: string; roles: readonly Role[] }): Promise<string[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId: input.workspaceId, role: { in: [...input.roles] } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.user.email);
}

/** Takes a notice's key: true when this call is the first (it sends), false when it was already sent. */
export async function claimNotice(db: Db, key: string, now: Date): Promise<boolean> {
  const claimed = await db.emailNotice.createMany({ data: [{ key, sentAt: now }], skipDuplicates: true });
  return claimed.count === 1;
}
