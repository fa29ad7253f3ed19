import type pg from "pg";
import type { Plan } from "@chatwright/db";
import type { ConversationStatus, StoredMessage } from "../outbound";
import type { ConversationChannel } from "./conversations";
import type { NewConversationEvent } from "./events";
import { messageMetadata, MESSAGE_COLUMNS, toStoredMessage, type MessageRow, type NewMessage } from "./messages";
import { lit, litJson, litNumber, litTime } from "./sql";

/*
 * The turn's statements (ARCHITECTURE.md, "The turn"), each phase in as few round trips as
 * the simple protocol allows:
 * - accept: "BEGIN; lock; duplicate check; month's count", then "insert the
 *   visitor's message; update the conversation (taking the turn's lease);
 *   count; COMMIT";
 * - finish: "BEGIN; lock the row if the lease is still this turn's", then
 *   "insert replies and events; mark the message answered; update the
 *   conversation (keeping the lease only when another message waits);
 *   next waiting message; COMMIT".
 * Each statement of a multi-statement query takes its own snapshot, so what
 * follows a row lock sees everything committed before the lock was granted.
 */

const ROW_COLUMNS = `id, "workspaceId", "botId", "flowVersionId", status, snapshot, variables, "lastSeq", "assignedAgentId", "turnId", "turnLeaseUntil", "turnAttempts"`;

/** A conversation row as a turn sees it. */
export interface ConversationRow {
  id: string;
  workspaceId: string;
  botId: string;
  flowVersionId: string;
  status: ConversationStatus;
  snapshot: unknown;
  variables: unknown;
  lastSeq: number;
  assignedAgentId: string | null;
  /** The turn in progress, if any, and until when its process may finish it. */
  turnId: string | null;
  turnLeaseUntil: Date | null;
  /** Take-overs of the current turn since a turn last finished. */
  turnAttempts: number;
}

/** A stored message and whether the bot still owes it an answer. */
export interface SeenMessage {
  message: StoredMessage;
  isAwaitingReply: boolean;
}

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
): Promise<{ conversation: ConversationRow | null; seen: SeenMessage | null; usage: VisitorUsage | null }> {
  const lock = `SELECT ${ROW_COLUMNS} FROM "Conversation" WHERE id = ${lit(conversationId)} FOR UPDATE`;
  const dup =
    clientMessageId === null
      ? null
      : `SELECT ${MESSAGE_COLUMNS}, "awaitingReply" FROM "Message" WHERE "conversationId" = ${lit(conversationId)} AND "clientMessageId" = ${lit(clientMessageId)}`;
  const usage = options.usageMonth === undefined ? null : usageReadSql(conversationId, options.usageMonth);
  const statements = ["BEGIN", lock, ...(dup ? [dup] : []), ...(usage ? [usage] : [])];
  const results = (await client.query(statements.join(";\n"))) as unknown as pg.QueryResult[];
  const conversation = (results[1]?.rows[0] as ConversationRow | undefined) ?? null;
  const seenRow = conversation && dup ? (results[statements.indexOf(dup)]?.rows[0] as (MessageRow & { awaitingReply: boolean }) | undefined) : undefined;
  const usageRow = conversation && usage ? (results[statements.indexOf(usage)]?.rows[0] as VisitorUsage | undefined) : undefined;
  return {
    conversation,
    seen: seenRow ? { message: toStoredMessage(seenRow), isAwaitingReply: seenRow.awaitingReply } : null,
    usage: usageRow ?? null,
  };
}

/** Counts one visitor message in the workspace's month (an UPSERT; see saveAndCommit for why it runs last). */
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

/** A turn's lease: which turn may finish, until when. */
export interface Lease {
  conversationId: string;
  turnId: string;
}

/**
 * Inserts a new conversation holding the lease of its first turn (the
 * greeting), in one autocommitted statement: the variables the greeting runs
 * with are stored first, so a process that takes the turn over has them.
 */
export async function insertConversationWithLease(
  pool: pg.Pool,
  row: { id: string; workspaceId: string; botId: string; flowVersionId: string; visitorId: string; channel: ConversationChannel; variables: unknown; now: Date; turnId: string; leaseUntil: Date },
): Promise<void> {
  await pool.query(
    `INSERT INTO "Conversation" (id, "workspaceId", "botId", "flowVersionId", "visitorId", channel, variables, "turnId", "turnLeaseUntil", "createdAt", "updatedAt")
    VALUES (${lit(row.id)}, ${lit(row.workspaceId)}, ${lit(row.botId)}, ${lit(row.flowVersionId)}, ${lit(row.visitorId)}, ${lit(row.channel)}, ${litJson(row.variables)},
      ${lit(row.turnId)}, ${litTime(row.leaseUntil)}, ${litTime(row.now)}, ${litTime(row.now)})`,
  );
}

/** What an accept does to the conversation row besides its sequence: take the turn's lease (fresh, or over a dead process's). */
export interface LeaseClaim {
  turnId: string;
  until: Date;
  isTakeover: boolean;
}

function messagesSql(messages: readonly NewMessage[]): string {
  const rows = messages.map(
    (m) =>
      `(${lit(m.id)}::uuid, ${lit(m.workspaceId)}::uuid, ${lit(m.conversationId)}::uuid, ${litNumber(m.seq)}, ${lit(m.role)}::"MessageRole", ${lit(m.text)}, ` +
      `${lit(m.clientMessageId)}, ${lit(m.inReplyToId)}::uuid, ${lit(m.nodeId)}, ${litJson(messageMetadata(m))}, ${m.isAwaitingReply ? "true" : "false"}, ${litTime(m.createdAt)})`,
  );
  return `INSERT INTO "Message" (id, "workspaceId", "conversationId", seq, role, text, "clientMessageId", "inReplyToId", "nodeId", metadata, "awaitingReply", "createdAt")
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
 * Stores messages (and events) that need no turn of the machine — an accepted
 * visitor message, an agent's message, a note — and the conversation's new
 * sequence, optionally taking the turn's lease; commits, in one round trip.
 * On any error nothing is committed: the transaction is left aborted for the
 * caller's ROLLBACK.
 */
export async function saveAndCommit(
  client: pg.ClientBase,
  write: {
    messages: readonly NewMessage[];
    events: readonly NewConversationEvent[];
    conversation: { id: string; lastSeq: number; now: Date; lease?: LeaseClaim | null };
    countVisitorMessage?: VisitorMessageCount | null;
  },
): Promise<void> {
  const { conversation } = write;
  const lease = conversation.lease ?? null;
  const leaseSet = lease
    ? `, "turnId" = ${lit(lease.turnId)}, "turnLeaseUntil" = ${litTime(lease.until)}, "turnAttempts" = ${lease.isTakeover ? `"turnAttempts" + 1` : "0"}`
    : "";
  // The counter row is shared by all of the workspace's conversations: incremented last, right
  // before COMMIT, its row lock lasts one round trip.
  const count = write.countVisitorMessage ?? null;
  const statements = [
    ...(write.messages.length > 0 ? [messagesSql(write.messages)] : []),
    ...(write.events.length > 0 ? [eventsSql(write.events)] : []),
    `UPDATE "Conversation" SET "lastSeq" = ${litNumber(conversation.lastSeq)}, "updatedAt" = ${litTime(conversation.now)}${leaseSet} WHERE id = ${lit(conversation.id)}`,
    ...(count ? [countSql(count)] : []),
    "COMMIT",
  ];
  await client.query(statements.join(";\n"));
}

/**
 * BEGIN and lock the conversation row if the lease is still this turn's, in
 * one round trip. Null: the lease went to another process (or the
 * conversation is gone) — the caller rolls back and stores nothing.
 */
export async function beginAndLockLease(client: pg.ClientBase, lease: Lease): Promise<{ lastSeq: number; status: ConversationStatus } | null> {
  const results = (await client.query(
    `BEGIN;
    SELECT "lastSeq", status FROM "Conversation" WHERE id = ${lit(lease.conversationId)} AND "turnId" = ${lit(lease.turnId)} FOR UPDATE`,
  )) as unknown as pg.QueryResult[];
  return (results[1]?.rows[0] as { lastSeq: number; status: ConversationStatus } | undefined) ?? null;
}

/** The machine's state after a turn, for the conversation row. */
export interface MachineState {
  snapshot: unknown;
  status: ConversationStatus;
  activeNodeId: string | null;
  variables: unknown;
  /** A person gave the conversation back: the next handoff starts unclaimed. */
  clearAssignee: boolean;
}

function stateSql(state: MachineState | null, now: Date): string {
  if (!state) return "";
  const closedAt = state.status === "CLOSED" ? litTime(now) : "NULL";
  return `snapshot = ${litJson(state.snapshot)}, status = ${lit(state.status)}::"ConversationStatus", "activeNodeId" = ${lit(state.activeNodeId)},
        variables = ${litJson(state.variables)}, "closedAt" = ${closedAt}${state.clearAssignee ? `, "assignedAgentId" = NULL` : ""},`;
}

/**
 * After beginAndLockLease: stores the turn's replies, events and machine
 * state, marks the visitor message answered, and releases the lease — or
 * renews it when another visitor message is waiting (it was accepted while
 * this turn ran), returning that message for the same process to answer
 * next. Commits; one round trip.
 */
export async function finishTurnAndCommit(
  client: pg.ClientBase,
  finish: {
    lease: Lease;
    messages: readonly NewMessage[];
    events: readonly NewConversationEvent[];
    answeredMessageId: string | null;
    state: MachineState | null;
    lastSeq: number;
    now: Date;
    leaseUntil: Date;
  },
): Promise<{ next: StoredMessage | null }> {
  const id = lit(finish.lease.conversationId);
  const waiting = `EXISTS (SELECT 1 FROM "Message" WHERE "conversationId" = ${id} AND "awaitingReply")`;
  const next = `SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = ${id} AND "awaitingReply" ORDER BY seq LIMIT 1`;
  const statements = [
    ...(finish.messages.length > 0 ? [messagesSql(finish.messages)] : []),
    ...(finish.events.length > 0 ? [eventsSql(finish.events)] : []),
    ...(finish.answeredMessageId ? [`UPDATE "Message" SET "awaitingReply" = false WHERE id = ${lit(finish.answeredMessageId)}`] : []),
    `UPDATE "Conversation"
    SET ${stateSql(finish.state, finish.now)} "lastSeq" = ${litNumber(finish.lastSeq)}, "updatedAt" = ${litTime(finish.now)}, "turnAttempts" = 0,
        "turnId" = CASE WHEN ${waiting} THEN "turnId" ELSE NULL END,
        "turnLeaseUntil" = CASE WHEN ${waiting} THEN ${litTime(finish.leaseUntil)} ELSE NULL END
    WHERE id = ${id}`,
    next,
    "COMMIT",
  ];
  const results = (await client.query(statements.join(";\n"))) as unknown as pg.QueryResult[];
  const row = results[statements.indexOf(next)]?.rows[0] as MessageRow | undefined;
  return { next: row ? toStoredMessage(row) : null };
}

/** Extends a running turn's lease; false when it is no longer this turn's. */
export async function renewLease(pool: pg.Pool, lease: Lease, until: Date): Promise<boolean> {
  const result = await pool.query(`UPDATE "Conversation" SET "turnLeaseUntil" = $3 WHERE id = $1 AND "turnId" = $2`, [lease.conversationId, lease.turnId, until]);
  return result.rowCount === 1;
}

/**
 * Takes over turns whose lease ran out (their process died or stalled): each
 * gets a new turn id and lease, in one autocommitted statement; SKIP LOCKED
 * lets several processes sweep at once without taking the same turn twice.
 */
export async function takeOverExpiredTurns(pool: pg.Pool, options: { now: Date; leaseUntil: Date; limit: number }): Promise<ConversationRow[]> {
  const { rows } = await pool.query<ConversationRow>(
    `UPDATE "Conversation" c SET "turnId" = gen_random_uuid(), "turnLeaseUntil" = $2, "turnAttempts" = c."turnAttempts" + 1
     WHERE c.id IN (
       SELECT id FROM "Conversation" WHERE "turnId" IS NOT NULL AND "turnLeaseUntil" < $1
       ORDER BY "turnLeaseUntil" LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING ${ROW_COLUMNS.split(", ").map((column) => `c.${column}`).join(", ")}`,
    [options.now, options.leaseUntil, options.limit],
  );
  return rows;
}

/** The conversation's oldest visitor message still waiting for the bot. */
export async function findNextAwaiting(pool: pg.Pool, conversationId: string): Promise<StoredMessage | null> {
  const { rows } = await pool.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = $1 AND "awaitingReply" ORDER BY seq LIMIT 1`,
    [conversationId],
  );
  const row = rows[0];
  return row ? toStoredMessage(row) : null;
}

/** Whether the bot has answered this message yet (null: no such message), and the conversation's status. */
export async function readAnswerState(pool: pg.Pool, messageId: string): Promise<{ isAwaitingReply: boolean; status: ConversationStatus } | null> {
  const { rows } = await pool.query<{ awaitingReply: boolean; status: ConversationStatus }>(
    `SELECT m."awaitingReply", c.status FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" WHERE m.id = $1`,
    [messageId],
  );
  const row = rows[0];
  return row ? { isAwaitingReply: row.awaitingReply, status: row.status } : null;
}
