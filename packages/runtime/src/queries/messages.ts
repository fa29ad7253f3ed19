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
  /** A bot answer's sources (knowledge titles or addresses), stored in metadata. */
  sources?: string[];
  createdAt: Date;
  /** Stored beside quickReplies: the agent who wrote it, `internal` for notes. */
  metadata?: { authorId?: string; internal?: true };
  /** A visitor message the bot still has to answer (its turn is queued or running). */
  isAwaitingReply?: boolean;
}

/** The JSON stored in Message.metadata. */
export function messageMetadata(message: NewMessage): Record<string, unknown> {
  return { ...(message.quickReplies.length ? { quickReplies: message.quickReplies } : {}), ...(message.sources?.length ? { sources: message.sources } : {}), ...message.metadata };
}

export interface MessageRow {
  id: string;
  conversationId: string;
  seq: number;
  role: MessageRole;
  text: string;
  clientMessageId: string | null;
  nodeId: string | null;
  metadata: { quickReplies?: string[]; sources?: unknown } | null;
  createdAt: Date;
}

// Metadata is JSON: only strings pass as sources.
const sourcesOf = (metadata: MessageRow["metadata"]): string[] => (Array.isArray(metadata?.sources) ? metadata.sources.filter((s): s is string => typeof s === "string") : []);

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
    ...(sourcesOf(row.metadata).length > 0 ? { sources: sourcesOf(row.metadata) } : {}),
    createdAt: row.createdAt,
  };
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
    ...(message.sources?.length ? { sources: message.sources } : {}),
    createdAt: message.createdAt,
  };
}

export async function findReplies(client: pg.ClientBase | pg.Pool, conversationId: string, messageId: string): Promise<StoredMessage[]> {
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
