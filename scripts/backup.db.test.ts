import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createDbClients, migrateDatabase, readDatabaseUrl, repoRoot, startEmbeddedPostgres, type DbClients } from "@chatwright/db";
import { createEmptyTestDatabase, type TestDatabase } from "@chatwright/db/testing";
import { setWorkspacePlan } from "@chatwright/api";
import { createTestBrowser, createTestServices } from "@chatwright/api/testing";

// DESIGN §7: the repo ships a backup and a restore script, and this test
// restores a backup and compares it with the original. Postgres: needs
// DATABASE_URL and pg_dump / pg_restore / psql on PATH. The embedded
// database's backup (a tarball of its files) runs everywhere.

const run = promisify(execFile);
const serverUrl = readDatabaseUrl(process.env);
const backupScript = path.join(repoRoot, "scripts", "backup.sh");
const restoreScript = path.join(repoRoot, "scripts", "restore.sh");

async function isOnPath(command: string): Promise<boolean> {
  try {
    await run("sh", ["-c", `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}
const hasPgTools = (await isOnPath("pg_dump")) && (await isOnPath("pg_restore")) && (await isOnPath("psql"));
if (serverUrl && !hasPgTools) console.log("pg_dump, pg_restore or psql is not on PATH: the Postgres backup/restore test is skipped.");

/** Runs one of the scripts with a clean database environment plus `env`. */
async function runScript(script: string, args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, DATA_DIR: _alsoIgnored, ...base } = process.env;
  return run("bash", [script, ...args], { env: { ...base, ...env } });
}

/** A shop with a published bot and one visitor conversation, made through the product's own API. */
async function seedShop(clients: Pick<DbClients, "prisma" | "pool">): Promise<{ conversationId: string }> {
  const services = createTestServices(clients);
  const owner = createTestBrowser(services);
  const { workspaceId } = await owner.caller.auth.signUp({ email: "backup@shop.test", password: "backup password 1", name: "Bea", workspaceName: "Backup Shop" });
  await setWorkspacePlan(clients.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Helper" });
  const flow = await owner.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  const settings = await owner.caller.bots.widgetSettings({ workspaceId, botId: bot.id });
  await owner.caller.bots.updateWidgetSettings({ workspaceId, botId: bot.id, allowedOrigins: ["https://backup-shop.test"], theme: settings.theme, whiteLabel: false });
  const widget = createTestBrowser(services, { origin: "https://backup-shop.test", selfOrigin: "https://app.test", fetchSite: "cross-site" }).caller.widget;
  const visitorId = "visitor_backup_0123456789";
  const opened = await widget.init({ botKey: bot.publicKey, visitorId, conversationId: null, visitor: { email: "vera@visitor.test" } });
  await widget.send({ botKey: bot.publicKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_backup_1", text: "how long does shipping take" });
  return { conversationId: opened.conversationId };
}

/** Row count of every table in the public schema, and one conversation with its messages as stored. */
async function describeDatabase(url: string, conversationId: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
      counts[name] = result.rows[0]?.n ?? -1;
    }
    const conversation = await client.query(`SELECT to_jsonb(c) AS row FROM "Conversation" c WHERE id = $1`, [conversationId]);
    const messages = await client.query(`SELECT to_jsonb(m) AS row FROM "Message" m WHERE "conversationId" = $1 ORDER BY seq`, [conversationId]);
    return { counts, conversation: conversation.rows, messages: messages.rows };
  } finally {
    await client.end();
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "cw-backup-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(!serverUrl || !hasPgTools)("backup and restore of a PostgreSQL database", () => {
  it("restores a pg_dump backup into an empty database with the same rows, and refuses a non-empty one without --force", async () => {
    const source: TestDatabase = await createEmptyTestDatabase();
    cleanups.push(source.stop);
    await migrateDatabase(source.url);
    const clients = createDbClients({ url: source.url, maxConnections: 3 });
    const { conversationId } = await seedShop(clients);
    await clients.close();
    const original = await describeDatabase(source.url, conversationId);
    expect(original.counts).toMatchObject({ Workspace: 1, Bot: 1, Conversation: 1, Message: 3 });

    const backupDir = await scratchDir();
    const backup = await runScript(backupScript, [], { DATABASE_URL: source.url, BACKUP_DIR: backupDir });
    const file = backup.stdout.trim();
    expect(path.dirname(file)).toBe(backupDir);
    expect(path.basename(file)).toMatch(/^chatwright-\d{8}T\d{6}Z\.dump$/);

    const target: TestDatabase = await createEmptyTestDatabase();
    cleanups.push(target.stop);
    await runScript(restoreScript, [file], { DATABASE_URL: target.url });
    const restored = await describeDatabase(target.url, conversationId);
    expect(restored).toEqual(original);

    // Again into the now non-empty database: refused and unchanged, then replaced with --force.
    const refused = await runScript(restoreScript, [file], { DATABASE_URL: target.url }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("already has") });
    await runScript(restoreScript, [file, "--force"], { DATABASE_URL: target.url });
    expect(await describeDatabase(target.url, conversationId)).toEqual(original);
  });
});

describe("backup and restore of the embedded database", () => {
  it("archives the stopped database's files and unpacks them into another data directory that opens with the same rows", async () => {
    const sourceDir = await scratchDir();
    const source = await startEmbeddedPostgres({ dataDir: path.join(sourceDir, "pglite") });
    await migrateDatabase(source.url);
    const clients = createDbClients({ url: source.url, maxConnections: 1 });
    const { conversationId } = await seedShop(clients);
    await clients.close();
    const original = await describeDatabase(source.url, conversationId);
    await source.stop();

    const backupDir = await scratchDir();
    const backup = await runScript(backupScript, [], { DATA_DIR: sourceDir, BACKUP_DIR: backupDir });
    const file = backup.stdout.trim();
    expect(path.basename(file)).toMatch(/^chatwright-embedded-\d{8}T\d{6}Z\.tar\.gz$/);

    const targetDir = await scratchDir();
    await runScript(restoreScript, [file], { DATA_DIR: targetDir });
    const refused = await runScript(restoreScript, [file], { DATA_DIR: targetDir }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("--force") });

    const restored = await startEmbeddedPostgres({ dataDir: path.join(targetDir, "pglite") });
    try {
      expect(await describeDatabase(restored.url, conversationId)).toEqual(original);
    } finally {
      await restored.stop();
    }
  });
});
