// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the
// embedded database under .data/ when it is unset.
import path from "node:path";
import { openDatabase, migrateDatabase } from "../database";
import { repoRoot } from "../paths";
import { readDatabaseUrl } from "../readDatabaseUrl";

// eslint-disable-next-line no-restricted-properties -- a CLI entry point, configured by the environment
const databaseUrl = readDatabaseUrl(process.env);
const db = await openDatabase({ databaseUrl, dataDir: path.join(repoRoot, ".data") });
try {
  const result = await migrateDatabase(db.url);
  console.log(`Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} already applied (${db.kind} database).`);
} finally {
  await db.stop();
}
