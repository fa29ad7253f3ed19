import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

export interface DbClients {
  prisma: PrismaClient;
  /** The same pool Prisma uses; for the few hot paths written in SQL. */
  pool: pg.Pool;
  close(): Promise<void>;
}

/** How long a request waits for a free pooled connection before it fails (pg: "timeout exceeded when trying to connect"). */
export const POOL_WAIT_LIMIT_MS = 5_000;

/** A pg pool whose waiters give up after POOL_WAIT_LIMIT_MS (unless told otherwise) and whose idle connections' errors are not fatal. */
export function createPool(options: { url: string; maxConnections?: number; waitLimitMs?: number }): pg.Pool {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, connectionTimeoutMillis: options.waitLimitMs ?? POOL_WAIT_LIMIT_MS });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => undefined);
  return pool;
}

/**
 * Whether an error (or one of its causes: Prisma wraps the driver's) is a
 * pool's wait for a free connection running out, which callers report as
 * "busy, try again" rather than as an unexpected failure.
 */
export function isPoolWaitTimeout(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 8; cause = cause.cause, depth++) {
    if (cause.message.includes("timeout exceeded when trying to connect")) return true;
  }
  return false;
}

export function createDbClients(options: { url: string; maxConnections?: number; waitLimitMs?: number }): DbClients {
  const pool = createPool(options);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
