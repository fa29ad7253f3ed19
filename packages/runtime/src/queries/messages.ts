import type pg from "pg";
import type { MessageRole, StoredMessage } from "../outbound";

export interface NewMessage {
  id: string;
  workspaceId: string;
  conversationId: string;
  seq: number;
  role: MessageRole;
  text: string;
  clientMessageId: string | null;
  inReplyToId: string | null;
  nodeId: string | null;
  quickReplies: string[];
  createdAt: Date;
  /** Stored beside quickReplies: the agent who wrote it, `internal` for notes. */
  metadata?: { authorId?: string; internal?: true };
}

/** The JSON stored in Message.metadata. */
export function messageMetadata(message: NewMessage): Record<string, unknown> {
  return { ...(message.quickReplies.length ? { quickReplies: message.quickReplies } : {}), ...message.metadata };
}

export interface MessageRow {
  id: string;
  conversationId: string;
  seq: number;
  role: MessageRole;
  text: string;
  clientMessageId: string | null;
  nodeId: string | null;
  metadata: { quickReplies?: string[] } | null;
  createdAt: Date;
}

export const MESSAGE_COLUMNS = `id, "conversationId", seq, role, text, "clientMessageId", "nodeId", metadata, "createdAt"`;

export function toStoredMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    role: row.role,
    text: row.text,
    clientMessageId: row.clientMessageId,
    nodeId: row.nodeId,
    quickReplies: row.metadata?.quickReplies ?? [],
    createdAt: row.createdAt,
  };
}

/** All rows in one statement (unnest), whatever their number. */
export async function insertMessages(client: pg.ClientBase, messages: NewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await client.query(
    `INSERT INTO "Message" (id, "workspaceId", "conversationId", seq, role, text, "clientMessageId", "inReplyToId", "nodeId", metadata, "createdAt")
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::"MessageRole"[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::jsonb[], $11::timestamptz[])`,
    [
      messages.map((m) => m.id),
      messages.map((m) => m.workspaceId),
      messages.map((m) => m.conversationId),
      messages.map((m) => m.seq),
      messages.map((m) => m.role),
      messages.map((m) => m.text),
      messages.map((m) => m.clientMessageId),
      messages.map((m) => m.inReplyToId),
      messages.map((m) => m.nodeId),
      messages.map((m) => JSON.stringify(messageMetadata(m))),
      messages.map((m) => m.createdAt),
    ],
  );
}

export function storedMessageOf(message: NewMessage): StoredMessage {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    role: message.role,
    text: message.text,
    clientMessageId: message.clientMessageId,
    nodeId: message.nodeId,
    quickReplies: message.quickReplies,
    createdAt: message.createdAt,
  };
}

export async function findMessageByClientId(client: pg.ClientBase, conversationId: string, clientMessageId: string): Promise<StoredMessage | null> {
  const { rows } = await client.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = $1 AND "clientMessageId" = $2`, [
    conversationId,
    clientMessageId,
  ]);
  const row = rows[0];
  return row ? toStoredMessage(row) : null;
}

export async function findReplies(client: pg.ClientBase, conversationId: string, messageId: string): Promise<StoredMessage[]> {
  const { rows } = await client.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = $1 AND "inReplyToId" = $2 ORDER BY seq`,
    [conversationId, messageId],
  );
  return rows.map(toStoredMessage);
}

/**
 * Messages after a sequence number, for clients catching up after a reconnect.
 * Internal notes have negative seqs, so `afterSeq >= 0` never returns one.
 */
export async function listMessagesAfter(client: pg.ClientBase | pg.Pool, conversationId: string, afterSeq: number, limit = 500): Promise<StoredMessage[]> {
  const { rows } = await client.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = $1 AND seq > $2 AND seq > 0 ORDER BY seq LIMIT $3`,
    [conversationId, afterSeq, limit],
  );
  return rows.map(toStoredMessage);
}
