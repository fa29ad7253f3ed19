import path from "node:path";
import { createDbClients, migrateDatabase, openDatabase, repoRoot } from "@chatwright/db";
import { createKeywordServices } from "@chatwright/flow";
import { createGuardedHttpClient } from "@chatwright/runtime";
import { buildApp } from "./app";
import { readServerEnv } from "./env";
import { createApiServices } from "./services";

const env = readServerEnv();
const database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
const migration = await migrateDatabase(database.url);
const clients = createDbClients({ url: database.url, maxConnections: 20 });
// Until the knowledge/LLM services are wired, flows use the local keyword
// classifier and FAQ matcher; http nodes go through the guarded client.
const httpRequest = createGuardedHttpClient({ allowPrivate: env.httpNodeAllowPrivate });
const servicesFor = () => ({ ...createKeywordServices(), httpRequest, now: () => Date.now() });
const app = await buildApp({
  services: createApiServices(clients.prisma, { trustedOrigins: env.trustedOrigins, servicesFor }),
  databaseKind: database.kind,
  dashboardDir: path.join(repoRoot, "apps/dashboard/dist"),
  logLevel: env.logLevel,
  trustProxy: env.trustProxy,
  forceSecureCookies: env.forceSecureCookies,
});
app.log.info({ applied: migration.applied, database: database.kind }, "database ready");

let isShuttingDown = false;
async function shutDown(signal: string) {
  if (isShuttingDown) return;
  isShuttingDown = true;
  app.log.info({ signal }, "shutting down: closing sockets, finishing in-flight requests");
  const forceExit = setTimeout(() => process.exit(1), 15_000);
  forceExit.unref();
  try {
    await app.close();
    await clients.close();
    await database.stop();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutDown("SIGTERM"));
process.on("SIGINT", () => void shutDown("SIGINT"));

const address = await app.listen({ port: env.port, host: env.host });
const url = new URL(address);
if (url.hostname === "127.0.0.1" || url.hostname === "0.0.0.0") url.hostname = "localhost";
console.log(`\nChatwright is running (${database.kind} database).\nOpen the dashboard: ${url.origin}/\n`);
