import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyTestDatabase, type TestDatabase } from "./testing";
import { MigrationError, readMigrationFiles, runMigrations } from "./migrations";
import { migrationsDir } from "./paths";

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function writeMigrations(dir: string, files: Record<string, string>) {
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
}

describe("migration runner", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createEmptyTestDatabase();
  });
  afterAll(async () => {
    await database.stop();
  });

  it("applies every migration to an empty database and records Prisma's history rows", async () => {
    const files = await readMigrationFiles(migrationsDir);
    expect(files.length).toBeGreaterThan(0);
    const result = await withClient(database.url, (c) => runMigrations(c, files));
    expect(result.applied).toEqual(files.map((f) => f.name));
    const rows = await withClient(database.url, (c) =>
      c.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`),
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    for (const row of rows.rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("is a no-op when run again", async () => {
    const files = await readMigrationFiles(migrationsDir);
    const result = await withClient(database.url, (c) => runMigrations(c, files));
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(files.map((f) => f.name));
    const count = await withClient(database.url, (c) => c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`));
    expect(count.rows[0].n).toBe(files.length);
  });
});

describe("migration runner with a scratch history", () => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createEmptyTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "cw-migrations-"));
    await writeMigrations(dir, {
      "20260101000000_first": `CREATE TABLE "Counter" ("id" INT PRIMARY KEY, "n" INT NOT NULL);\nINSERT INTO "Counter" VALUES (1, 0);`,
      // Not idempotent on purpose: applying it twice would fail or double-count.
      "20260102000000_second": `UPDATE "Counter" SET "n" = "n" + 1 WHERE "id" = 1;\nCREATE TABLE "Second" ("id" INT PRIMARY KEY);`,
    });
  });
  afterAll(async () => {
    await database.stop();
  });

  it("applies each file exactly once when several runners start together", async () => {
    const files = await readMigrationFiles(dir);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => withClient(database.url, (c) => runMigrations(c, files))),
    );
    const appliedCounts = results.map((r) => r.applied.length);
    expect(appliedCounts.reduce((a, b) => a + b, 0)).toBe(2);
    const counter = await withClient(database.url, (c) => c.query(`SELECT "n" FROM "Counter"`));
    expect(counter.rows[0].n).toBe(1);
    const history = await withClient(database.url, (c) => c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`));
    expect(history.rows[0].n).toBe(2);
  });

  it("refuses to run when an applied file was changed, and changes nothing", async () => {
    await writeMigrations(dir, {
      "20260101000000_first": `CREATE TABLE "Counter" ("id" INT PRIMARY KEY, "n" INT NOT NULL, "extra" TEXT);`,
      "20260103000000_third": `CREATE TABLE "Third" ("id" INT PRIMARY KEY);`,
    });
    const files = await readMigrationFiles(dir);
    await expect(withClient(database.url, (c) => runMigrations(c, files))).rejects.toThrow(MigrationError);
    await expect(withClient(database.url, (c) => runMigrations(c, files))).rejects.toThrow(/20260101000000_first was changed/);
    const third = await withClient(database.url, (c) => c.query(`SELECT to_regclass('"Third"') AS t`));
    expect(third.rows[0].t).toBeNull();
  });

  it("rolls back a failing file completely and records nothing for it", async () => {
    const freshDir = await mkdtemp(path.join(tmpdir(), "cw-migrations-bad-"));
    await writeMigrations(freshDir, {
      "20260201000000_half": `CREATE TABLE "Half" ("id" INT PRIMARY KEY);\nSELECT * FROM "does_not_exist";`,
    });
    const files = await readMigrationFiles(freshDir);
    await expect(withClient(database.url, (c) => runMigrations(c, files))).rejects.toThrow(/does_not_exist/);
    const half = await withClient(database.url, (c) => c.query(`SELECT to_regclass('"Half"') AS t`));
    expect(half.rows[0].t).toBeNull();
    const history = await withClient(database.url, (c) =>
      c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '20260201000000_half'`),
    );
    expect(history.rows[0].n).toBe(0);
  });
});
