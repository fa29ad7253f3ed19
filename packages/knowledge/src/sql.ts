import type { DbClients } from "@chatwright/db";

/** The pg pool of `createDbClients`: knowledge reads and writes in SQL (generated tsvector, bulk unnest inserts). */
export type KnowledgePool = DbClients["pool"];
/** Anything that runs a query: the pool, or one checked-out connection (e.g. a runtime turn's own, inside its transaction). */
export type KnowledgeQueryable = Pick<KnowledgePool, "query">;
type ConnectCallback = NonNullable<Parameters<KnowledgePool["connect"]>[0]>;
/** One checked-out connection (pg's PoolClient), named through the pool so this package needs no pg import. */
export type KnowledgeConnection = NonNullable<Parameters<ConnectCallback>[1]>;

/** Runs `work` in one transaction on one connection; rolls back on any error. */
export async function withTransaction<T>(pool: KnowledgePool, work: (client: KnowledgeConnection) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
