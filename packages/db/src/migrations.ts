import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";

/** Same key Prisma Migrate uses, so our runner and `prisma migrate deploy` exclude each other. */
const MIGRATION_LOCK_KEY = 72707369;

const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Prisma's checksum: SHA-256 of the migration.sql bytes, hex. */
export function checksumMigration(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumMigration(sql) };
    }),
  );
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations in name order, each file in its own transaction
 * that first takes a transaction-scoped advisory lock, so concurrent runners
 * (several server processes starting at once) apply every file exactly once.
 * Keeps Prisma's `_prisma_migrations` bookkeeping; refuses to continue when a
 * file that was already applied has changed since.
 */
export async function runMigrations(client: pg.ClientBase, files: MigrationFile[]): Promise<MigrationResult> {
  await inLockedTransaction(client, () => client.query(CREATE_HISTORY_TABLE));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const file of files) {
    const outcome = await inLockedTransaction(client, async () => {
      const { rows } = await client.query<HistoryRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"
         WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        [file.name],
      );
      const existing = rows[0];
      if (existing) {
        if (existing.finished_at === null) {
          throw new MigrationError(
            `Migration ${file.name} started earlier but never finished. Fix the database by hand, then mark it rolled back (prisma migrate resolve --rolled-back ${file.name}).`,
          );
        }
        if (existing.checksum !== file.checksum) {
          throw new MigrationError(
            `Migration ${file.name} was changed after it was applied (checksum ${existing.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). Applied migrations must not be edited: restore the file and add a new migration instead.`,
          );
        }
        return "already" as const;
      }
      await client.query(file.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), file.checksum, file.name],
      );
      return "applied" as const;
    });
    (outcome === "applied" ? result.applied : result.alreadyApplied).push(file.name);
  }
  return result;
}

async function inLockedTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    const value = await work();
    await client.query("COMMIT");
    return value;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
