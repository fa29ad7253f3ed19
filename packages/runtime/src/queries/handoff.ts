import type pg from "pg";
import type { ConversationStatus } from "../outbound";

/**
 * Claims an unclaimed conversation waiting for (or with) a person in one
 * statement: Postgres re-checks the WHERE after any concurrent update of the
 * row, so of two agents claiming at once exactly one gets a row back.
 */
export async function claimIfUnclaimed(
  client: pg.ClientBase | pg.Pool,
  input: { conversationId: string; workspaceId: string; agentUserId: string; now: Date },
): Promise<{ id: string; status: ConversationStatus } | null> {
  const { rows } = await client.query<{ id: string; status: ConversationStatus }>(
    `UPDATE "Conversation" SET status = 'AGENT', "assignedAgentId" = $3, "updatedAt" = $4
     WHERE id = $1 AND "workspaceId" = $2 AND status IN ('WAITING_AGENT', 'AGENT') AND "assignedAgentId" IS NULL
     RETURNING id, status`,
    [input.conversationId, input.workspaceId, input.agentUserId, input.now],
  );
  return rows[0] ?? null;
}

/** Hands the conversation to a named member, whoever had it. */
export async function assignTo(
  client: pg.ClientBase | pg.Pool,
  input: { conversationId: string; workspaceId: string; assigneeUserId: string; now: Date },
): Promise<{ id: string; status: ConversationStatus } | null> {
  const { rows } = await client.query<{ id: string; status: ConversationStatus }>(
    `UPDATE "Conversation" SET status = 'AGENT', "assignedAgentId" = $3, "updatedAt" = $4
     WHERE id = $1 AND "workspaceId" = $2 AND status IN ('WAITING_AGENT', 'AGENT')
     RETURNING id, status`,
    [input.conversationId, input.workspaceId, input.assigneeUserId, input.now],
  );
  return rows[0] ?? null;
}

/** Who has the conversation now, for a refused claim's message. */
export async function findHandoffState(
  client: pg.ClientBase | pg.Pool,
  input: { conversationId: string; workspaceId: string },
): Promise<{ status: ConversationStatus; assignedAgentId: string | null; assigneeName: string | null } | null> {
  const { rows } = await client.query<{ status: ConversationStatus; assignedAgentId: string | null; assigneeName: string | null }>(
    `SELECT c.status, c."assignedAgentId", u.name AS "assigneeName"
     FROM "Conversation" c LEFT JOIN "User" u ON u.id = c."assignedAgentId"
     WHERE c.id = $1 AND c."workspaceId" = $2`,
    [input.conversationId, input.workspaceId],
  );
  return rows[0] ?? null;
}

/**
 * Internal notes live outside the visitor's sequence (negative seqs, -1, -2,
 * …) so the widget's seqs stay gap-free and no "after seq N" read can reach
 * a note. Call under the conversation's row lock.
 */
export async function nextNoteSeq(client: pg.ClientBase, conversationId: string): Promise<number> {
  const { rows } = await client.query<{ seq: number }>(
    `SELECT COALESCE(MIN(seq), 0)::int - 1 AS seq FROM "Message" WHERE "conversationId" = $1 AND seq < 0`,
    [conversationId],
  );
  return rows[0]?.seq ?? -1;
}
