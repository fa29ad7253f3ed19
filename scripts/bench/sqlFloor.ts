import { randomUUID } from "node:crypto";
import type pg from "pg";
import { elapsedMs, emit, round, summarize } from "./stats";


/**
 * The writes of one visitor turn as plain SQL, no machine, in the runtime's
 * two transactions (ARCHITECTURE.md, "The turn"). Accept: BEGIN; SELECT ... FOR UPDATE;
 * INSERT the visitor message; UPDATE the conversation (sequence and lease);
 * COMMIT. Finish: BEGIN; SELECT ... FOR UPDATE (the lease still ours); INSERT
 * the reply; INSERT the turn's path event; mark the message answered; UPDATE
 * the conversation with a snapshot as large as the runtime's, releasing the
 * lease; look for a waiting message; COMMIT. The runtime's throughput over
 * this one shows its own overhead.
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

  async function inTransaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await work(client);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function turn(conversationId: string): Promise<void> {
    const turnId = randomUUID();
    const visitorId = randomUUID();
    let seq = 0;
    // Accept: the visitor's message, waiting for its answer, and the turn's lease.
    await inTransaction(async (client) => {
      const { rows } = await client.query<{ lastSeq: number }>(
        `SELECT id, "workspaceId", "botId", "flowVersionId", status, snapshot, variables, "lastSeq", "turnId", "turnLeaseUntil", "turnAttempts" FROM "Conversation" WHERE id = $1 FOR UPDATE`,
        [conversationId],
      );
      seq = (rows[0]?.lastSeq ?? 0) + 1;
      const at = new Date();
      await client.query(
        `INSERT INTO "Message" (id, "workspaceId", "conversationId", seq, role, text, "clientMessageId", metadata, "awaitingReply", "createdAt")
         VALUES ($1, $2, $3, $4, 'VISITOR', $5, $6, '{}', true, $7)`,
        [visitorId, workspaceId, conversationId, seq, "How long does shipping take?", randomUUID(), at],
      );
      await client.query(`UPDATE "Conversation" SET "lastSeq" = $2, "updatedAt" = $3, "turnId" = $4, "turnLeaseUntil" = $5, "turnAttempts" = 0 WHERE id = $1`, [
        conversationId,
        seq,
        at,
        turnId,
        new Date(at.getTime() + 30_000),
      ]);
    });
    // Finish: the reply, the turn's path event, the machine's state; the lease released.
    await inTransaction(async (client) => {
      const { rows } = await client.query<{ lastSeq: number }>(`SELECT "lastSeq", status FROM "Conversation" WHERE id = $1 AND "turnId" = $2 FOR UPDATE`, [conversationId, turnId]);
      const replySeq = (rows[0]?.lastSeq ?? seq) + 1;
      const at = new Date();
      await client.query(
        `INSERT INTO "Message" (id, "workspaceId", "conversationId", seq, role, text, "inReplyToId", "nodeId", metadata, "createdAt")
         VALUES ($1, $2, $3, $4, 'BOT', $5, $6, 'answer', '{}', $7)`,
        [randomUUID(), workspaceId, conversationId, replySeq, "Orders ship within 1 working day and arrive in 2-4 working days in the EU.", visitorId, at],
      );
      // The runtime stores a turn's walk through the graph as one `path` event.
      await client.query(
        `INSERT INTO "ConversationEvent" ("workspaceId", "conversationId", type, "nodeId", data, "createdAt") VALUES ($1, $2, 'path', $3, $4::jsonb, $5)`,
        [workspaceId, conversationId, "message", JSON.stringify({ entered: ["router", "answer", "message"], left: ["message", "router", "answer"], message: visitorId }), at],
      );
      await client.query(`UPDATE "Message" SET "awaitingReply" = false WHERE id = $1`, [visitorId]);
      await client.query(
        `UPDATE "Conversation"
         SET snapshot = $2::jsonb, status = 'BOT', "activeNodeId" = $3, variables = $4::jsonb, "lastSeq" = $5, "updatedAt" = $6, "closedAt" = NULL,
             "turnAttempts" = 0, "turnId" = NULL, "turnLeaseUntil" = NULL
         WHERE id = $1`,
        [conversationId, snapshotJson, "message", variablesJson, replySeq, at],
      );
      await client.query(`SELECT id FROM "Message" WHERE "conversationId" = $1 AND "awaitingReply" ORDER BY seq LIMIT 1`, [conversationId]);
    });
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
