import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../embedded";
import { migrateDatabase } from "../database";
import { readDatabaseUrl } from "../readDatabaseUrl";
import { createDbClients, type DbClients } from "../client";
import type { DatabaseKind } from "../database";

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  stop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on the server
 * named by DATABASE_URL when it is set, else a new in-memory PGlite.
 */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const serverUrl = readDatabaseUrl(process.env);
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({});
    return { kind: "embedded", url: embedded.url, stop: embedded.stop };
  }
  const name = `cw_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: "postgres",
    url: url.toString(),
    async stop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export interface MigratedTestDatabase extends DbClients {
  kind: DatabaseKind;
  url: string;
}

/** A fresh database with every migration applied and clients connected. */
export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<MigratedTestDatabase> {
  const database = await createEmptyTestDatabase();
  await migrateDatabase(database.url);
  const clients = createDbClients({ url: database.url, maxConnections: options.maxConnections ?? 5 });
  return {
    ...clients,
    kind: database.kind,
    url: database.url,
    async close() {
      await clients.close();
      await database.stop();
    },
  };
}
