import { randomUUID } from "node:crypto";
import type pg from "pg";
import { elapsedMs, emit, round, summarize } from "./stats";


/**
 * The writes of one visitor turn as plain SQL, no machine: BEGIN; SELECT ...
 * FOR UPDATE; INSERT the visitor message and the reply (one unnest); INSERT the
 * turn's path event; UPDATE the conversation with a snapshot as large
 * as the runtime's; COMMIT. The runtime's throughput over this one shows its
 * own overhead.
 */
export async function benchSqlFloor(options: {
  pool: pg.Pool;
  workspaceId: string;
  botId: string;
  flowVersionId: string;
  conversations: number;
  turnsEach: number;
  db: "embedded" | "postgres";
}): Promise<void> {
  const { pool, workspaceId } = options;
  const sample = await pool.query<{ snapshot: unknown; variables: unknown }>(
    `SELECT snapshot, variables FROM "Conversation" WHERE "workspaceId" = $1 AND snapshot IS NOT NULL ORDER BY "lastSeq" DESC LIMIT 1`,
    [workspaceId],
  );
  const snapshotJson = JSON.stringify(sample.rows[0]?.snapshot ?? { status: "active", value: "message", context: { variables: {} }, children: {} });
  const variablesJson = JSON.stringify(sample.rows[0]?.variables ?? {});
  const ids = Array.from({ length: options.conversations }, () => randomUUID());
  const now = new Date();
  await pool.query(
    `INSERT INTO "Conversation" (id, "workspaceId", "botId", "flowVersionId", "visitorId", "createdAt", "updatedAt")
     SELECT id, $2, $3, $4, 'sql-floor', $5, $5 FROM unnest($1::uuid[]) AS id`,
    [ids, workspaceId, options.botId, options.flowVersionId, now],
  );

  async function turn(conversationId: string): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ lastSeq: number }>(
        `SELECT id, "workspaceId", "botId", "flowVersionId", status, snapshot, "lastSeq" FROM "Conversation" WHERE id = $1 FOR UPDATE`,
        [conversationId],
      );
      const seq = rows[0]?.lastSeq ?? 0;
      const at = new Date();
      const visitorId = randomUUID();
      await client.query(
        `INSERT INTO "Message" (id, "workspaceId", "conversationId", seq, role, text, "clientMessageId", "inReplyToId", "nodeId", metadata, "createdAt")
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::"MessageRole"[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::jsonb[], $11::timestamptz[])`,
        [
          [visitorId, randomUUID()],
          [workspaceId, workspaceId],
          [conversationId, conversationId],
          [seq + 1, seq + 2],
          ["VISITOR", "BOT"],
          ["How long does shipping take?", "Orders ship within 1 working day and arrive in 2-4 working days in the EU."],
          [randomUUID(), null],
          [null, visitorId],
          [null, "answer"],
          ["{}", "{}"],
          [at, new Date(at.getTime() + 1)],
        ],
      );
      // The runtime stores a turn's walk through the graph as one `path` event.
      await client.query(
        `INSERT INTO "ConversationEvent" ("workspaceId", "conversationId", type, "nodeId", data, "createdAt") VALUES ($1, $2, 'path', $3, $4::jsonb, $5)`,
        [workspaceId, conversationId, "message", JSON.stringify({ entered: ["router", "answer", "message"], left: ["message", "router", "answer"] }), at],
      );
      await client.query(
        `UPDATE "Conversation"
         SET snapshot = $2::jsonb, status = 'BOT', "activeNodeId" = $3, variables = $4::jsonb, "lastSeq" = $5, "updatedAt" = $6, "closedAt" = NULL
         WHERE id = $1`,
        [conversationId, snapshotJson, "message", variablesJson, seq + 2, at],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  // Warm-up, then the timed run.
  await Promise.all(ids.map(async (id) => turn(id)));
  const latencies: number[] = [];
  const begin = process.hrtime.bigint();
  await Promise.all(
    ids.map(async (id) => {
      for (let i = 0; i < options.turnsEach; i++) {
        const start = process.hrtime.bigint();
        await turn(id);
        latencies.push(elapsedMs(start));
      }
    }),
  );
  const seconds = elapsedMs(begin) / 1000;
  const { p50, p95, p99 } = summarize(latencies);
  emit({
    metric: "turn_sql_floor",
    db: options.db,
    conversations: options.conversations,
    turns_per_s: round(latencies.length / seconds, 1),
    p50_ms: round(p50),
    p95_ms: round(p95),
    p99_ms: round(p99),
    turns: latencies.length,
  });
}
