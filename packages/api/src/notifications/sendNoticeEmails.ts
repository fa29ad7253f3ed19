import type { Db, DbClients } from "@chatwright/db";
import { entitlementsOf } from "@chatwright/billing";
import { usageMonthOf } from "@chatwright/billing/usage";
import { quotaEmail, visitorsWaitingEmail, type WaitingVisitor } from "@chatwright/mail";
import { z } from "zod";
import { appLink, sendInBackground, type MailServices } from "../mail/mailServices";
import { PLANS } from "../workspaces/workspaces";
import { quotaNoticeThreshold } from "./quotaNoticeThreshold";
import { claimNotice, findMemberEmails } from "./recipients";

/** How far back a run looks: a server that was down this long still tells about the last hour. */
const LOOKBACK_MS = 60 * 60 * 1000;

export interface NoticeRun {
  /** Conversations newly told about (each once, ever). */
  waitingConversations: number;
  /** Quota notices newly sent (each threshold once per workspace and month). */
  quotaNotices: number;
}

const waitingRowSchema = z.object({ conversationId: z.string(), workspaceId: z.string(), workspaceName: z.string(), botName: z.string(), since: z.date() });
const usageRowSchema = z.object({ workspaceId: z.string(), workspaceName: z.string(), plan: z.enum(PLANS), visitorMessages: z.number().int() });

/**
 * The background notices, run every minute by the server (any number of
 * processes: EmailNotice makes each go once):
 * - visitors who asked for a person while nobody was online (the runtime's
 *   offline handoff: a `handoff` event marked offline whose conversation still
 *   waits, or `handoffOffline` when the flow carried on) — one email per
 *   member of the workspace per run, listing each conversation once, ever;
 * - the monthly message quota at 80 % and 100 %, to the owners, once each a month.
 */
export async function sendNoticeEmails(clients: { db: Db; pool: DbClients["pool"] }, mail: MailServices, input: { now: Date }): Promise<NoticeRun> {
  return {
    waitingConversations: await sendWaitingVisitorEmails(clients, mail, input.now),
    quotaNotices: await sendQuotaEmails(clients, mail, input.now),
  };
}

async function sendWaitingVisitorEmails({ db, pool }: { db: Db; pool: DbClients["pool"] }, mail: MailServices, now: Date): Promise<number> {
  const { rows } = await pool.query(
    `SELECT e."conversationId", e."workspaceId", w.name AS "workspaceName", b.name AS "botName", min(e."createdAt") AS since
       FROM "ConversationEvent" e
       JOIN "Conversation" c ON c.id = e."conversationId"
       JOIN "Bot" b ON b.id = c."botId"
       JOIN "Workspace" w ON w.id = e."workspaceId"
      WHERE e.type IN ('handoff', 'handoffOffline') AND e."createdAt" > $1 AND e."createdAt" <= $2
        AND (e.type = 'handoffOffline' OR (e.data->>'offline' = 'true' AND c.status = 'WAITING_AGENT'))
        AND NOT EXISTS (SELECT 1 FROM "EmailNotice" n WHERE n.key = 'visitorWaiting:' || e."conversationId")
      GROUP BY 1, 2, 3, 4
      ORDER BY since`,
    [new Date(now.getTime() - LOOKBACK_MS), now],
  );
  const byWorkspace = new Map<string, { name: string; visitors: WaitingVisitor[] }>();
  for (const row of rows.map((raw) => waitingRowSchema.parse(raw))) {
    if (!(await claimNotice(db, `visitorWaiting:${row.conversationId}`, now))) continue;
    const workspace = byWorkspace.get(row.workspaceId) ?? { name: row.workspaceName, visitors: [] };
    workspace.visitors.push({ botName: row.botName, since: row.since });
    byWorkspace.set(row.workspaceId, workspace);
  }
  let count = 0;
  for (const [workspaceId, workspace] of byWorkspace) {
    count += workspace.visitors.length;
    const inboxUrl = appLink(mail, `/w/${encodeURIComponent(workspaceId)}/inbox`);
    for (const to of await findMemberEmails(db, { workspaceId, roles: ["OWNER", "ADMIN", "AGENT"] })) {
      sendInBackground(mail, visitorsWaitingEmail({ to, workspaceName: workspace.name, visitors: workspace.visitors, inboxUrl }), "visitorsWaiting");
    }
  }
  return count;
}

async function sendQuotaEmails({ db, pool }: { db: Db; pool: DbClients["pool"] }, mail: MailServices, now: Date): Promise<number> {
  const month = usageMonthOf(now);
  // Only counters that moved lately: the rest were looked at when they last moved.
  const { rows } = await pool.query(
    `SELECT u."workspaceId", w.name AS "workspaceName", w.plan::text AS plan, u."visitorMessages"
       FROM "UsageCounter" u JOIN "Workspace" w ON w.id = u."workspaceId"
      WHERE u.month = $1 AND u."updatedAt" > $2`,
    [month, new Date(now.getTime() - LOOKBACK_MS)],
  );
  let count = 0;
  for (const row of rows.map((raw) => usageRowSchema.parse(raw))) {
    const quota = entitlementsOf(row.plan).monthlyVisitorMessages;
    const threshold = quotaNoticeThreshold(row.visitorMessages, quota);
    if (threshold === null || quota === null) continue;
    const key = (at: 80 | 100) => `quota${at}:${row.workspaceId}:${month}`;
    if (!(await claimNotice(db, key(threshold), now))) continue;
    // Past 100 % straight away: the 80 % warning would come too late to help.
    if (threshold === 100) await claimNotice(db, key(80), now);
    count += 1;
    const billingUrl = appLink(mail, `/w/${encodeURIComponent(row.workspaceId)}/billing`);
    for (const to of await findMemberEmails(db, { workspaceId: row.workspaceId, roles: ["OWNER"] })) {
      sendInBackground(mail, quotaEmail({ to, workspaceName: row.workspaceName, threshold, used: row.visitorMessages, quota, month, billingUrl }), "quota");
    }
  }
  return count;
}
