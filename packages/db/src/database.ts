import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded";
import { migrationsDir } from "./paths";
import { readMigrationFiles, runMigrations, type MigrationResult } from "./migrations";

export type DatabaseKind = "embedded" | "postgres";

export interface DatabaseHandle {
  kind: DatabaseKind;
  url: string;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` set (and non-empty) -> that Postgres. Otherwise an embedded
 * PGlite with its files under `dataDir`, served on loopback.
 */
export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return { kind: "postgres", url: options.databaseUrl, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "pglite") });
  return { kind: "embedded", url: embedded.url, stop: embedded.stop };
}

export async function migrateDatabase(url: string, dir: string = migrationsDir): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await runMigrations(client, await readMigrationFiles(dir));
  } finally {
    await client.end();
  }
}
