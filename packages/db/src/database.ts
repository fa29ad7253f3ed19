import { readFile, rm, writeFile } from "node:fs/promises";
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
  // PGlite is single-process: a second process (the admin CLI while the
  // server runs) must connect to the running one, never open the files again.
  const lockFile = path.join(options.dataDir, "pglite.lock.json");
  const running = await readRunningEmbedded(lockFile);
  if (running) return { kind: "embedded", url: running.url, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "pglite") });
  await writeFile(lockFile, JSON.stringify({ pid: process.pid, url: embedded.url }));
  return {
    kind: "embedded",
    url: embedded.url,
    async stop() {
      await embedded.stop();
      await rm(lockFile, { force: true });
    },
  };
}

async function readRunningEmbedded(lockFile: string): Promise<{ url: string } | null> {
  let content: string;
  try {
    content = await readFile(lockFile, "utf8");
  } catch {
    return null;
  }
  const parsed: unknown = JSON.parse(content);
  if (typeof parsed !== "object" || parsed === null || !("pid" in parsed) || !("url" in parsed)) return null;
  const { pid, url } = parsed;
  if (typeof pid !== "number" || typeof url !== "string" || pid === process.pid || !isProcessAlive(pid)) return null;
  return { url };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
