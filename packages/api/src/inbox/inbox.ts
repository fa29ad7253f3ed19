import type pg from "pg";
import type { Db } from "@chatwright/db";
import { RuntimeError, type AgentPresence, type ConversationPublisher, type ConversationStatus, type InboxEvent, type Runtime } from "@chatwright/runtime";
import { DomainError } from "../errors";
import { waitingSince } from "./waitingSince";

export type InboxQueue = "waiting" | "mine" | "open" | "resolved";

export interface InboxRow {
  conversationId: string;
  botId: string;
  botName: string;
  visitorId: string;
  /** The name the widget (or the workflow API) passed for the visitor, if any. */
  visitorName: string | null;
  status: ConversationStatus;
  assignee: { userId: string; name: string } | null;
  /** The list's preview: what the visitor last wrote (not the bot's answer to it). */
  lastVisitorMessage: { text: string; sentAt: Date } | null;
  /** Since when the visitor has been waiting for a person (waitingSince); null when nobody waits. */
  waitingSince: Date | null;
  unreadCount: number;
  updatedAt: Date;
}

export interface InboxMessage {
  id: string;
  seq: number;
  role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM";
  text: string;
  isInternal: boolean;
  authorName: string | null;
  /** What a bot answer was taken from (knowledge titles or addresses), as the visitor saw it under the answer. */
  sources: string[];
  createdAt: Date;
}

export interface InboxConversation {
  conversationId: string;
  botId: string;
  botName: string;
  visitorId: string;
  visitorName: string | null;
  status: ConversationStatus;
  assignee: { userId: string; name: string } | null;
  variables: Record<string, string>;
  matchedIntent: string | null;
  activeNodeId: string | null;
  lastSeq: number;
  createdAt: Date;
  messages: InboxMessage[];
}

const LIST_LIMIT = 100;
const EXPORT_CONVERSATION_LIMIT = 1000;

/** Waiting for a person, with a person, handed back after a resolve: the SQL for each queue ($2 = the agent). */
const QUEUE_FILTER: Record<InboxQueue, string> = {
  waiting: `c.status = 'WAITING_AGENT'`,
  mine: `c.status = 'AGENT' AND c."assignedAgentId" = $2`,
  open: `c.status IN ('WAITING_AGENT', 'AGENT')`,
  resolved: `c.status NOT IN ('WAITING_AGENT', 'AGENT') AND EXISTS (SELECT 1 FROM "ConversationEvent" e WHERE e."conversationId" = c.id AND e.type = 'agentResolved')`,
};

/** The widget's `visitor.name`, stored as the visitor_name variable; blank counts as none. */
function readVisitorName(variables: Record<string, string>): string | null {
  return variables["visitor_name"]?.trim() || null;
}

const likePattern = (search: string) => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Maps the runtime's refusals to errors a client can act on. */
export function inboxErrorOf(error: unknown): unknown {
  if (!(error instanceof RuntimeError)) return error;
  switch (error.code) {
    case "NOT_FOUND":
      return new DomainError("NOT_FOUND", "Conversation was not found in this workspace.");
    case "ALREADY_CLAIMED":
    case "BUSY":
      return new DomainError("CONFLICT", error.message);
    case "NOT_ASSIGNED":
    case "NOT_IN_HANDOFF":
    case "CONVERSATION_CLOSED":
      return new DomainError("PRECONDITION_FAILED", error.message);
    case "INVALID_MESSAGE":
      return new DomainError("BAD_REQUEST", error.message);
  }
}

async function runtimeCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inboxErrorOf(error);
  }
}

/** One queue of the workspace's inbox, newest activity first, plus the size of every queue for the tabs. */
export async function listInbox(
  pool: pg.Pool,
  input: { workspaceId: string; userId: string; queue: InboxQueue; botId: string | null; search: string | null },
): Promise<{ conversations: InboxRow[]; counts: Record<InboxQueue, number> }> {
  const search = input.search?.trim() ? likePattern(input.search.trim()) : null;
  const { rows } = await pool.query<{
    id: string;
    botId: string;
    botName: string;
    visitorId: string;
    visitorName: string | null;
    status: ConversationStatus;
    assignedAgentId: string | null;
    assigneeName: string | null;
    lastVisitorText: string | null;
    lastVisitorAt: Date | null;
    handoffAt: Date | null;
    lastAgentReplyAt: Date | null;
    firstUnansweredAt: Date | null;
    unread: number;
    updatedAt: Date;
  }>(
    // The preview is the visitor's last message: what an agent needs to see is what was asked, not the bot's reply to it.
    `SELECT c.id, c."botId", b.name AS "botName", c."visitorId", NULLIF(btrim(c.variables->>'visitor_name'), '') AS "visitorName",
       c.status, c."assignedAgentId", u.name AS "assigneeName", c."updatedAt",
       lv.text AS "lastVisitorText", lv."createdAt" AS "lastVisitorAt", h."handoffAt", a."lastAgentReplyAt",
       (SELECT min(m."createdAt") FROM "Message" m WHERE m."conversationId" = c.id AND m.role = 'VISITOR' AND m."createdAt" > a."lastAgentReplyAt") AS "firstUnansweredAt",
       (SELECT count(*)::int FROM "Message" m WHERE m."conversationId" = c.id AND m.role = 'VISITOR' AND m.seq > COALESCE(r."lastReadSeq", 0)) AS unread
     FROM "Conversation" c
     JOIN "Bot" b ON b.id = c."botId"
     LEFT JOIN "User" u ON u.id = c."assignedAgentId"
     LEFT JOIN "InboxReadMark" r ON r."conversationId" = c.id AND r."userId" = $2
     LEFT JOIN LATERAL (SELECT m.text, m."createdAt" FROM "Message" m WHERE m."conversationId" = c.id AND m.role = 'VISITOR' ORDER BY m.seq DESC LIMIT 1) lv ON true
     LEFT JOIN LATERAL (SELECT max(e."createdAt") AS "handoffAt" FROM "ConversationEvent" e WHERE e."conversationId" = c.id AND e.type = 'handoff') h ON true
     LEFT JOIN LATERAL (SELECT max(m."createdAt") AS "lastAgentReplyAt" FROM "Message" m WHERE m."conversationId" = c.id AND m.role = 'AGENT') a ON true
     WHERE c."workspaceId" = $1 AND ${QUEUE_FILTER[input.queue]}
       AND ($3::uuid IS NULL OR c."botId" = $3::uuid)
       AND ($4::text IS NULL OR c."visitorId" ILIKE $4 OR c.variables->>'visitor_name' ILIKE $4
         OR EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c.id AND m.text ILIKE $4))
     ORDER BY c."updatedAt" DESC
     LIMIT ${LIST_LIMIT}`,
    [input.workspaceId, input.userId, input.botId, search],
  );
  const counted = await pool.query<Record<InboxQueue, number>>(
    `SELECT
       count(*) FILTER (WHERE ${QUEUE_FILTER.waiting})::int AS waiting,
       count(*) FILTER (WHERE ${QUEUE_FILTER.mine})::int AS mine,
       count(*) FILTER (WHERE ${QUEUE_FILTER.open})::int AS open,
       count(*) FILTER (WHERE ${QUEUE_FILTER.resolved})::int AS resolved
     FROM "Conversation" c WHERE c."workspaceId" = $1 AND ($3::uuid IS NULL OR c."botId" = $3::uuid)`,
    [input.workspaceId, input.userId, input.botId],
  );
  return {
    conversations: rows.map((row) => ({
      conversationId: row.id,
      botId: row.botId,
      botName: row.botName,
      visitorId: row.visitorId,
      visitorName: row.visitorName,
      status: row.status,
      assignee: row.assignedAgentId ? { userId: row.assignedAgentId, name: row.assigneeName ?? "Former member" } : null,
      lastVisitorMessage: row.lastVisitorText === null || row.lastVisitorAt === null ? null : { text: row.lastVisitorText.slice(0, 140), sentAt: row.lastVisitorAt },
      waitingSince: waitingSince({ status: row.status, handoffAt: row.handoffAt, lastAgentReplyAt: row.lastAgentReplyAt, firstUnansweredAt: row.firstUnansweredAt }),
      unreadCount: row.unread,
      updatedAt: row.updatedAt,
    })),
    counts: counted.rows[0] ?? { waiting: 0, mine: 0, open: 0, resolved: 0 },
  };
}

function stringVariables(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") result[key] = item;
    else if (typeof item === "number" || typeof item === "boolean") result[key] = String(item);
  }
  return result;
}

function readMetadata(value: unknown): { internal: boolean; authorId: string | null; sources: string[] } {
  if (typeof value !== "object" || value === null) return { internal: false, authorId: null, sources: [] };
  const internal = "internal" in value && value.internal === true;
  const authorId = "authorId" in value && typeof value.authorId === "string" ? value.authorId : null;
  const sources = "sources" in value && Array.isArray(value.sources) ? value.sources.filter((s): s is string => typeof s === "string") : [];
  return { internal, authorId, sources };
}

async function loadConversations(db: Db, where: { workspaceId: string; id?: string; createdAt?: { gte?: Date; lt?: Date } }, take: number): Promise<InboxConversation[]> {
  const conversations = await db.conversation.findMany({
    where,
    orderBy: { createdAt: "asc" },
    take,
    include: { bot: { select: { name: true } }, messages: { orderBy: [{ createdAt: "asc" }, { seq: "asc" }] } },
  });
  const authorIds = new Set<string>();
  for (const c of conversations) {
    if (c.assignedAgentId) authorIds.add(c.assignedAgentId);
    for (const m of c.messages) {
      const { authorId } = readMetadata(m.metadata);
      if (authorId) authorIds.add(authorId);
    }
  }
  const users = authorIds.size ? await db.user.findMany({ where: { id: { in: [...authorIds] } }, select: { id: true, name: true } }) : [];
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  return conversations.map((c) => {
    const variables = stringVariables(c.variables);
    return {
      conversationId: c.id,
      botId: c.botId,
      botName: c.bot.name,
      visitorId: c.visitorId,
      visitorName: readVisitorName(variables),
      status: c.status,
      assignee: c.assignedAgentId ? { userId: c.assignedAgentId, name: nameOf.get(c.assignedAgentId) ?? "Former member" } : null,
      variables,
      matchedIntent: variables["intent"] ?? null,
      activeNodeId: c.activeNodeId,
      lastSeq: c.lastSeq,
      createdAt: c.createdAt,
      messages: c.messages.map((m) => {
        const meta = readMetadata(m.metadata);
        return {
          id: m.id,
          seq: m.seq,
          role: m.role,
          text: m.text,
          isInternal: meta.internal,
          authorName: meta.authorId ? (nameOf.get(meta.authorId) ?? "Former member") : null,
          sources: meta.sources,
          createdAt: m.createdAt,
        };
      }),
    };
  });
}

/** The conversation as an agent sees it: transcript with internal notes, what the bot knows, since when the visitor waits. */
export async function getInboxConversation(db: Db, input: { workspaceId: string; conversationId: string }): Promise<InboxConversation & { waitingSince: Date | null }> {
  const [conversation] = await loadConversations(db, { workspaceId: input.workspaceId, id: input.conversationId }, 1);
  if (!conversation) throw new DomainError("NOT_FOUND", "Conversation was not found in this workspace.");
  const handoff = await db.conversationEvent.findFirst({
    where: { conversationId: conversation.conversationId, type: "handoff" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const lastAgentReplyAt = conversation.messages.findLast((m) => m.role === "AGENT")?.createdAt ?? null;
  const firstUnansweredAt = lastAgentReplyAt ? (conversation.messages.find((m) => m.role === "VISITOR" && m.createdAt > lastAgentReplyAt)?.createdAt ?? null) : null;
  return { ...conversation, waitingSince: waitingSince({ status: conversation.status, handoffAt: handoff?.createdAt ?? null, lastAgentReplyAt, firstUnansweredAt }) };
}

/** Everything up to the conversation's last message counts as read by this agent. */
export async function markInboxRead(db: Db, input: { workspaceId: string; conversationId: string; userId: string }): Promise<{ lastReadSeq: number }> {
  const conversation = await db.conversation.findFirst({ where: { id: input.conversationId, workspaceId: input.workspaceId }, select: { lastSeq: true } });
  if (!conversation) throw new DomainError("NOT_FOUND", "Conversation was not found in this workspace.");
  await db.inboxReadMark.upsert({
    where: { conversationId_userId: { conversationId: input.conversationId, userId: input.userId } },
    create: { workspaceId: input.workspaceId, conversationId: input.conversationId, userId: input.userId, lastReadSeq: conversation.lastSeq },
    update: { lastReadSeq: conversation.lastSeq },
  });
  return { lastReadSeq: conversation.lastSeq };
}

export function claimInboxConversation(runtime: Runtime, input: { workspaceId: string; conversationId: string; userId: string }) {
  return runtimeCall(() => runtime.claimConversation({ conversationId: input.conversationId, workspaceId: input.workspaceId, agentUserId: input.userId }));
}

export async function assignInboxConversation(
  deps: { db: Db; runtime: Runtime },
  input: { workspaceId: string; conversationId: string; assigneeUserId: string; byUserId: string },
) {
  const member = await deps.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.assigneeUserId } }, select: { id: true } });
  if (!member) throw new DomainError("NOT_FOUND", "That person is not a member of this workspace.");
  return runtimeCall(() => deps.runtime.assignConversation(input));
}

export function replyToVisitor(runtime: Runtime, input: { workspaceId: string; conversationId: string; userId: string; text: string; clientMessageId: string | null }) {
  return runtimeCall(() =>
    runtime.addAgentMessage({ conversationId: input.conversationId, workspaceId: input.workspaceId, agentUserId: input.userId, text: input.text, clientMessageId: input.clientMessageId }),
  );
}

export function addInboxNote(runtime: Runtime, input: { workspaceId: string; conversationId: string; userId: string; text: string }) {
  return runtimeCall(() => runtime.addInternalNote({ conversationId: input.conversationId, workspaceId: input.workspaceId, authorUserId: input.userId, text: input.text }));
}

export function releaseInboxConversation(runtime: Runtime, input: { workspaceId: string; conversationId: string; userId: string; outcome: "returned" | "resolved" }) {
  return runtimeCall(() => runtime.releaseFromAgent({ conversationId: input.conversationId, workspaceId: input.workspaceId, outcome: input.outcome, agentUserId: input.userId }));
}

export async function listAgents(deps: { db: Db; presence: AgentPresence }, workspaceId: string) {
  const [rows, present] = await Promise.all([
    deps.db.membership.findMany({ where: { workspaceId }, select: { role: true, user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } }),
    deps.presence.list(workspaceId),
  ]);
  const seen = new Map(present.map((p) => [p.userId, p.state]));
  return rows.map((r) => ({ userId: r.user.id, name: r.user.name, role: r.role, presence: seen.get(r.user.id) ?? ("offline" as const) }));
}

const csvCell = (value: string | number | boolean | null): string => {
  const text = value === null ? "" : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = typeof value === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One conversation, or every conversation started in [from, to), as CSV (a row per message) or JSON. */
export async function exportTranscripts(
  db: Db,
  input: { workspaceId: string; conversationId: string | null; from: Date | null; to: Date | null; format: "csv" | "json"; now: Date },
): Promise<{ fileName: string; content: string }> {
  if (!input.conversationId && !input.from && !input.to) throw new DomainError("BAD_REQUEST", "Choose a conversation or a date range to export.");
  const where = input.conversationId
    ? { workspaceId: input.workspaceId, id: input.conversationId }
    : { workspaceId: input.workspaceId, createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } };
  const conversations = await loadConversations(db, where, EXPORT_CONVERSATION_LIMIT);
  if (input.conversationId && conversations.length === 0) throw new DomainError("NOT_FOUND", "Conversation was not found in this workspace.");
  const base = input.conversationId ? `transcript-${input.conversationId}` : `transcripts-${(input.from ?? input.now).toISOString().slice(0, 10)}-to-${(input.to ?? input.now).toISOString().slice(0, 10)}`;
  if (input.format === "json") {
    const content = JSON.stringify(
      conversations.map((c) => ({
        conversationId: c.conversationId,
        bot: c.botName,
        visitorId: c.visitorId,
        status: c.status,
        startedAt: c.createdAt.toISOString(),
        variables: c.variables,
        messages: c.messages.map((m) => ({ seq: m.seq, role: m.role, internal: m.isInternal, author: m.authorName, text: m.text, sources: m.sources, at: m.createdAt.toISOString() })),
      })),
      null,
      2,
    );
    return { fileName: `${base}.json`, content };
  }
  // sources last: a column added at the end keeps spreadsheets built on the older layout working
  const header = ["conversation_id", "bot", "visitor_id", "seq", "role", "internal", "author", "sent_at", "text", "sources"];
  const lines = [header.join(",")];
  for (const c of conversations) {
    for (const m of c.messages) {
      lines.push([c.conversationId, c.botName, c.visitorId, m.seq, m.role, m.isInternal, m.authorName, m.createdAt.toISOString(), m.text, m.sources.join(" | ")].map(csvCell).join(","));
    }
  }
  return { fileName: `${base}.csv`, content: `${lines.join("\r\n")}\r\n` };
}

/** The workspace's inbox notices for one subscriber, until it leaves. */
export async function* streamInboxEvents(publisher: ConversationPublisher, input: { workspaceId: string; signal: AbortSignal | undefined }): AsyncGenerator<InboxEvent, void> {
  const queue: InboxEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = publisher.subscribeWorkspace(input.workspaceId, (event) => {
    queue.push(event);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => input.signal?.addEventListener("abort", () => resolve(), { once: true }));
  try {
    while (!input.signal?.aborted) {
      const event = queue.shift();
      if (event) {
        yield event;
        continue;
      }
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = null;
    }
  } finally {
    unsubscribe();
  }
}
