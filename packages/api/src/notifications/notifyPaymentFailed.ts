import type { Db } from "@chatwright/db";
import { paymentFailedEmail } from "@chatwright/mail";
import { appLink, sendInBackground, type MailServices } from "../mail/mailServices";
import { findMemberEmails } from "./recipients";

/** Stripe could not charge a workspace's card: its owners (who alone see Billing) get an email pointing there. */
export async function notifyPaymentFailed(db: Db, mail: MailServices | null | undefined, input: { workspaceId: string }): Promise<number> {
  if (!mail) return 0;
  const workspace = await db.workspace.findUnique({ where: { id: input.workspaceId }, select: { name: true } });
  if (!workspace) return 0;
  const owners = await findMemberEmails(db, { workspaceId: input.workspaceId, roles: ["OWNER"] });
  const billingUrl = appLink(mail, `/w/${encodeURIComponent(input.workspaceId)}/billing`);
  for (const to of owners) sendInBackground(mail, paymentFailedEmail({ to, workspaceName: workspace.name, billingUrl }), "paymentFailed");
  return owners.length;
}
