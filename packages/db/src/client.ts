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

export function createDbClients(options: { url: string; maxConnections?: number }): DbClients {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => undefined);
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
