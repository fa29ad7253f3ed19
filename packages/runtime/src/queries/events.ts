import type pg from "pg";

export interface NewConversationEvent {
  workspaceId: string;
  conversationId: string;
  type: string;
  nodeId: string | null;
  data: unknown;
  createdAt: Date;
}

export async function insertConversationEvents(client: pg.ClientBase, events: NewConversationEvent[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO "ConversationEvent" ("workspaceId", "conversationId", type, "nodeId", data, "createdAt")
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])`,
    [
      events.map((e) => e.workspaceId),
      events.map((e) => e.conversationId),
      events.map((e) => e.type),
      events.map((e) => e.nodeId),
      events.map((e) => JSON.stringify(e.data ?? {})),
      events.map((e) => e.createdAt),
    ],
  );
}
