import type pg from "pg";
import type { ConversationStatus } from "../outbound";

export interface LockedConversation {
  id: string;
  workspaceId: string;
  botId: string;
  flowVersionId: string;
  status: ConversationStatus;
  snapshot: unknown;
  lastSeq: number;
  assignedAgentId: string | null;
}

/**
 * Row lock for the rest of the transaction: two server processes never run
 * the same conversation at once; the second waits for the first's commit.
 */
export async function lockConversation(client: pg.ClientBase, conversationId: string): Promise<LockedConversation | null> {
  const { rows } = await client.query<LockedConversation>(
    `SELECT id, "workspaceId", "botId", "flowVersionId", status, snapshot, "lastSeq", "assignedAgentId"
     FROM "Conversation" WHERE id = $1 FOR UPDATE`,
    [conversationId],
  );
  return rows[0] ?? null;
}

/** Where a conversation came from: the embeddable widget or the workflow API. */
export type ConversationChannel = "widget" | "api";

export async function insertConversation(
  client: pg.ClientBase,
  row: { id: string; workspaceId: string; botId: string; flowVersionId: string; visitorId: string; channel: ConversationChannel; now: Date },
): Promise<void> {
  await client.query(
    `INSERT INTO "Conversation" (id, "workspaceId", "botId", "flowVersionId", "visitorId", channel, "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [row.id, row.workspaceId, row.botId, row.flowVersionId, row.visitorId, row.channel, row.now],
  );
}

export async function saveConversationState(
  client: pg.ClientBase,
  state: {
    id: string;
    snapshot: unknown;
    status: ConversationStatus;
    activeNodeId: string | null;
    variables: unknown;
    lastSeq: number;
    now: Date;
    clearAssignee?: boolean;
  },
): Promise<void> {
  await client.query(
    `UPDATE "Conversation"
     SET snapshot = $2::jsonb, status = $3::"ConversationStatus", "activeNodeId" = $4, variables = $5::jsonb,
         "lastSeq" = $6, "updatedAt" = $7::timestamptz,
         "closedAt" = CASE WHEN $3::text = 'CLOSED' THEN $7::timestamptz ELSE NULL END,
         "assignedAgentId" = CASE WHEN $8::boolean THEN NULL ELSE "assignedAgentId" END
     WHERE id = $1`,
    [state.id, JSON.stringify(state.snapshot), state.status, state.activeNodeId, JSON.stringify(state.variables), state.lastSeq, state.now, state.clearAssignee ?? false],
  );
}

export async function loadFlowVersionMachine(client: pg.ClientBase | pg.Pool, flowVersionId: string): Promise<unknown> {
  const { rows } = await client.query<{ machine: unknown }>(`SELECT machine FROM "FlowVersion" WHERE id = $1`, [flowVersionId]);
  const row = rows[0];
  if (!row) throw new Error(`Flow version ${flowVersionId} does not exist.`);
  return row.machine;
}
