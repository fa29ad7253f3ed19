import pg from "pg";
import type { Plan } from "@chatwright/db";
import type { ConversationStatus, StoredMessage } from "../outbound";
import { insertConversation, lockConversation, saveConversationState, type ConversationChannel, type LockedConversation } from "./conversations";
import { insertConversationEvents, type NewConversationEvent } from "./events";
import { findMessageByClientId, insertMessages, messageMetadata, MESSAGE_COLUMNS, toStoredMessage, type MessageRow, type NewMessage } from "./messages";

/*
 * The turn's statements in as few round trips as the protocol allows: a
 * simple-protocol query may hold several statements, so "BEGIN; lock; dup
 * check" is one round trip and "insert messages; insert events; update the
 * conversation; COMMIT" is another. Values go in as literals escaped by pg's
 * escapeLiteral (the same text the driver would send as parameters; each
 * statement still takes its own snapshot, so the duplicate check sees a
 * message committed while this turn waited for the row lock). A NUL
 * character cannot travel in a simple query, so text containing one takes
 * the parameterised statements instead (Postgres rejects it either way).
 */

const { escapeLiteral } = pg;
const lit = (value: string | null): string => (value === null ? "NULL" : escapeLiteral(value));
const litNumber = (value: number): string => {
  if (!Number.isSafeInteger(value)) throw new Error(`Not an integer: ${value}`);
  return String(value);
};
const litTime = (value: Date): string => `${escapeLiteral(value.toISOString())}::timestamptz`;
const litJson = (value: unknown): string => {
  const json = JSON.stringify(value) as string | undefined; // undefined stays NULL, as a parameter would
  return json === undefined ? "NULL" : `${escapeLiteral(json)}::jsonb`;
};
const canInline = (sql: string): boolean => !sql.includes("\0");

const LOCK_COLUMNS = `id, "workspaceId", "botId", "flowVersionId", status, snapshot, "lastSeq", "assignedAgentId"`;

/** The workspace's plan and its visitor messages so far this month, read (not locked) with the conversation. */
export interface VisitorUsage {
  plan: Plan;
  visitorMessages: number;
}

const usageReadSql = (conversationId: string, month: string): string =>
  `SELECT w.plan::text AS plan,
     COALESCE((SELECT u."visitorMessages" FROM "UsageCounter" u WHERE u."workspaceId" = w.id AND u.month = ${lit(month)}), 0)::int AS "visitorMessages"
   FROM "Workspace" w WHERE w.id = (SELECT "workspaceId" FROM "Conversation" WHERE id = ${lit(conversationId)})`;

/**
 * BEGIN, lock the conversation row (FOR UPDATE) and, with a clientMessageId,
 * look for the message it already names, in one round trip; with
 * `usageMonth`, also read the workspace's plan and month's visitor messages.
 */
export async function beginAndLockConversation(
  client: pg.ClientBase,
  conversationId: string,
  clientMessageId: string | null,
  options: { usageMonth?: string } = {},
): Promise<{ conversation: LockedConversation | null; seen: StoredMessage | null; usage: VisitorUsage | null }> {
  const lock = `SELECT ${LOCK_COLUMNS} FROM "Conversation" WHERE id = ${lit(conversationId)} FOR UPDATE`;
  const dup =
    clientMessageId === null
      ? null
      : `SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = ${lit(conversationId)} AND "clientMessageId" = ${lit(clientMessageId)}`;
  const usage = options.usageMonth === undefined ? null : usageReadSql(conversationId, options.usageMonth);
  const statements = ["BEGIN", lock, ...(dup ? [dup] : []), ...(usage ? [usage] : [])];
  const sql = statements.join(";\n");
  if (!canInline(sql)) {
    await client.query("BEGIN");
    const conversation = await lockConversation(client, conversationId);
    const seen = conversation && clientMessageId !== null ? await findMessageByClientId(client, conversation.id, clientMessageId) : null;
    // The ids are uuids and the month digits: only the message text can hold a NUL, so this statement inlines safely.
    const usageRows = usage ? (await client.query(usage)).rows : [];
    return { conversation, seen, usage: (usageRows[0] as VisitorUsage | undefined) ?? null };
  }
  const results = (await client.query(sql)) as unknown as pg.QueryResult[];
  const conversation = (results[1]?.rows[0] as LockedConversation | undefined) ?? null;
  const seenRow = conversation && dup ? (results[statements.indexOf(dup)]?.rows[0] as MessageRow | undefined) : undefined;
  const usageRow = conversation && usage ? (results[statements.indexOf(usage)]?.rows[0] as VisitorUsage | undefined) : undefined;
  return { conversation, seen: seenRow ? toStoredMessage(seenRow) : null, usage: usageRow ?? null };
}

/** Counts one visitor message in the workspace's month (an UPSERT; see saveTurnAndCommit for why it runs last). */
export interface VisitorMessageCount {
  workspaceId: string;
  month: string;
  at: Date;
}

function countSql(count: VisitorMessageCount): string {
  return `INSERT INTO "UsageCounter" ("workspaceId", month, "visitorMessages", "updatedAt")
    VALUES (${lit(count.workspaceId)}::uuid, ${lit(count.month)}, 1, ${litTime(count.at)})
    ON CONFLICT ("workspaceId", month) DO UPDATE SET "visitorMessages" = "UsageCounter"."visitorMessages" + 1, "updatedAt" = EXCLUDED."updatedAt"`;
}

/** BEGIN and insert a new conversation, in one round trip. */
export async function beginAndInsertConversation(
  client: pg.ClientBase,
  row: { id: string; workspaceId: string; botId: string; flowVersionId: string; visitorId: string; channel: ConversationChannel; now: Date },
): Promise<void> {
  const sql = `BEGIN;
    INSERT INTO "Conversation" (id, "workspaceId", "botId", "flowVersionId", "visitorId", channel, "createdAt", "updatedAt")
    VALUES (${lit(row.id)}, ${lit(row.workspaceId)}, ${lit(row.botId)}, ${lit(row.flowVersionId)}, ${lit(row.visitorId)}, ${lit(row.channel)}, ${litTime(row.now)}, ${litTime(row.now)})`;
  if (canInline(sql)) {
    await client.query(sql);
    return;
  }
  await client.query("BEGIN");
  await insertConversation(client, row);
}

/** The conversation row after a turn: the machine's full state, or only the sequence (a message stored while a person has it). */
export type ConversationUpdate =
  | {
      kind: "state";
      id: string;
      snapshot: unknown;
      status: ConversationStatus;
      activeNodeId: string | null;
      variables: unknown;
      lastSeq: number;
      now: Date;
      /** A person gave the conversation back: the next handoff starts unclaimed. */
      clearAssignee?: boolean;
    }
  | { kind: "seq"; id: string; lastSeq: number; now: Date };

function updateSql(update: ConversationUpdate): string {
  if (update.kind === "seq") {
    return `UPDATE "Conversation" SET "lastSeq" = ${litNumber(update.lastSeq)}, "updatedAt" = ${litTime(update.now)} WHERE id = ${lit(update.id)}`;
  }
  const closedAt = update.status === "CLOSED" ? litTime(update.now) : "NULL";
  return `UPDATE "Conversation"
    SET snapshot = ${litJson(update.snapshot)}, status = ${lit(update.status)}::"ConversationStatus", "activeNodeId" = ${lit(update.activeNodeId)},
        variables = ${litJson(update.variables)}, "lastSeq" = ${litNumber(update.lastSeq)}, "updatedAt" = ${litTime(update.now)}, "closedAt" = ${closedAt}${update.clearAssignee ? `, "assignedAgentId" = NULL` : ""}
    WHERE id = ${lit(update.id)}`;
}

function messagesSql(messages: readonly NewMessage[]): string {
  const rows = messages.map(
    (m) =>
      `(${lit(m.id)}::uuid, ${lit(m.workspaceId)}::uuid, ${lit(m.conversationId)}::uuid, ${litNumber(m.seq)}, ${lit(m.role)}::"MessageRole", ${lit(m.text)}, ` +
      `${lit(m.clientMessageId)}, ${lit(m.inReplyToId)}::uuid, ${lit(m.nodeId)}, ${litJson(messageMetadata(m))}, ${litTime(m.createdAt)})`,
  );
  return `INSERT INTO "Message" (id, "workspaceId", "conversationId", seq, role, text, "clientMessageId", "inReplyToId", "nodeId", metadata, "createdAt")
    VALUES ${rows.join(",\n")}`;
}

function eventsSql(events: readonly NewConversationEvent[]): string {
  const rows = events.map(
    (e) => `(${lit(e.workspaceId)}::uuid, ${lit(e.conversationId)}::uuid, ${lit(e.type)}, ${lit(e.nodeId)}, ${litJson(e.data ?? {})}, ${litTime(e.createdAt)})`,
  );
  return `INSERT INTO "ConversationEvent" ("workspaceId", "conversationId", type, "nodeId", data, "createdAt")
    VALUES ${rows.join(",\n")}`;
}

/**
 * Stores the turn (messages, events, the conversation row) and commits, in
 * one round trip. On any error nothing is committed: the transaction is left
 * aborted for the caller's ROLLBACK.
 */
export async function saveTurnAndCommit(
  client: pg.ClientBase,
  turn: { messages: readonly NewMessage[]; events: readonly NewConversationEvent[]; update: ConversationUpdate; countVisitorMessage?: VisitorMessageCount | null },
): Promise<void> {
  // The counter row is shared by all of the workspace's conversations: incremented last, right
  // before COMMIT, its row lock lasts one round trip instead of the whole turn (an AI reply included).
  const count = turn.countVisitorMessage ?? null;
  const statements = [
    ...(turn.messages.length > 0 ? [messagesSql(turn.messages)] : []),
    ...(turn.events.length > 0 ? [eventsSql(turn.events)] : []),
    updateSql(turn.update),
    ...(count ? [countSql(count)] : []),
    "COMMIT",
  ];
  const sql = statements.join(";\n");
  if (canInline(sql)) {
    await client.query(sql);
    return;
  }
  await insertMessages(client, [...turn.messages]);
  await insertConversationEvents(client, [...turn.events]);
  const update = turn.update;
  if (update.kind === "seq") {
    await client.query(`UPDATE "Conversation" SET "lastSeq" = $2, "updatedAt" = $3 WHERE id = $1`, [update.id, update.lastSeq, update.now]);
  } else {
    await saveConversationState(client, update);
  }
  if (count) await client.query(countSql(count));
  await client.query("COMMIT");
}
