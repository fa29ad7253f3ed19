import type pg from "pg";

/** Where a conversation came from: the embeddable widget or the workflow API. */
export type ConversationChannel = "widget" | "api";

export async function loadFlowVersionMachine(client: pg.ClientBase | pg.Pool, flowVersionId: string): Promise<unknown> {
  const { rows } = await client.query<{ machine: unknown }>(`SELECT machine FROM "FlowVersion" WHERE id = $1`, [flowVersionId]);
  const row = rows[0];
  if (!row) throw new Error(`Flow version ${flowVersionId} does not exist.`);
  return row.machine;
}
