import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { startEmbeddedWireServer } from "./embeddedWireServer";

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  /** Folder for the data files; `undefined` keeps the database in memory (tests). */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxConnections?: number;
}

/**
 * Starts PGlite (Postgres compiled to WASM) and serves it on loopback with the
 * Postgres wire protocol, so the app talks to it through the same `pg` driver
 * and Prisma adapter it uses for a real server. PGlite is one Postgres
 * session: the wire server takes turns between the pool's connections.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ?? "memory://", { extensions: { pg_trgm } });
  const host = options.host ?? "127.0.0.1";
  const server = await startEmbeddedWireServer({ db, host, port: options.port ?? 0, maxConnections: options.maxConnections ?? 16 });
  return {
    url: `postgresql://postgres@${host}:${server.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
