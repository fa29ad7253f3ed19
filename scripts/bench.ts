// npm run bench — prints one JSON object per line (docs/benchmarks.md); asserts nothing.
// DATABASE_URL set: a fresh database on that server, dropped afterwards; else an
// in-memory embedded database. BENCH_ONLY=compile,intent_classify,turn,turn_sql_floor,turn_external,widget_gzip_bytes
// picks metrics; BENCH_CONVERSATIONS=50 picks turn levels (e.g. for profiling); BENCH_EXTERNAL_MS=1500
// is how long each turn_external turn waits on its stand-in external call.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { createDbClients, migrateDatabase, repoRoot } from "@chatwright/db";
import { createEmptyTestDatabase } from "@chatwright/db/testing";
import { benchClassify } from "./bench/classify";
import { benchCompile } from "./bench/compile";
import { benchExternal } from "./bench/external";
import { benchSqlFloor } from "./bench/sqlFloor";
import { emit } from "./bench/stats";
import { benchTurns, createBenchRuntime, publishGreetingRouter } from "./bench/turns";
import { widgetGzipBytes } from "./bench/widget";

const only = new Set((process.env["BENCH_ONLY"] ?? "compile,intent_classify,turn,turn_sql_floor,turn_external,widget_gzip_bytes").split(",").map((name) => name.trim()));
const levelFilter = process.env["BENCH_CONVERSATIONS"]?.split(",").map(Number);
const externalMs = Number(process.env["BENCH_EXTERNAL_MS"] ?? 1500);
if (!Number.isInteger(externalMs) || externalMs <= 0) throw new Error(`BENCH_EXTERNAL_MS must be a whole number of milliseconds above 0, not “${process.env["BENCH_EXTERNAL_MS"]}”.`);

// Visitor turns per level. Real Postgres: sized for the whole run to stay well under
// 3 minutes on 2 cores; the embedded database serves one session at a time, so fewer.
const LEVELS = {
  postgres: [
    { conversations: 1, turns: 500 },
    { conversations: 50, turns: 6000 },
    { conversations: 500, turns: 6000 },
  ],
  embedded: [
    { conversations: 1, turns: 150 },
    { conversations: 50, turns: 600 },
    { conversations: 500, turns: 1000 },
  ],
} as const;

async function main(): Promise<void> {
  if (only.has("compile")) benchCompile();
  if (only.has("intent_classify")) await benchClassify();

  if (only.has("turn") || only.has("turn_sql_floor")) {
    const database = await createEmptyTestDatabase();
    const poolSize = database.kind === "postgres" ? 20 : 8;
    try {
      await migrateDatabase(database.url);
      // No wait limit: with 500 conversations the wait for a connection is what p99 measures.
      const clients = createDbClients({ url: database.url, maxConnections: poolSize, waitLimitMs: 0 });
      try {
        const fixture = await publishGreetingRouter(clients.prisma);
        const runtime = createBenchRuntime(clients.pool, fixture);
        if (only.has("turn")) {
          const levels = LEVELS[database.kind].filter((level) => !levelFilter || levelFilter.includes(level.conversations));
          await benchTurns({ runtime, fixture, db: database.kind, pool: poolSize, levels });
        } else {
          await benchTurns({ runtime, fixture, db: database.kind, pool: poolSize, levels: [] }); // warm-up only: leaves a real snapshot to copy
        }
        if (only.has("turn_sql_floor")) {
          await benchSqlFloor({
            pool: clients.pool,
            workspaceId: fixture.workspaceId,
            botId: fixture.botId,
            flowVersionId: fixture.flowVersionId,
            conversations: 50,
            turnsEach: database.kind === "postgres" ? 120 : 12,
            db: database.kind,
          });
        }
      } finally {
        await clients.close();
      }
    } finally {
      await database.stop();
    }
  }

  if (only.has("turn_external")) {
    // Its own database and a pool of 10: 50 conversations waiting outside must not need 50 connections.
    const database = await createEmptyTestDatabase();
    try {
      await migrateDatabase(database.url);
      const clients = createDbClients({ url: database.url, maxConnections: 10, waitLimitMs: 0 });
      try {
        const fixture = await publishGreetingRouter(clients.prisma);
        await benchExternal({ pool: clients.pool, fixture, db: database.kind, conversations: 50, externalMs, measureMs: 18_000, maxTurnsEach: 20 });
      } finally {
        await clients.close();
      }
    } finally {
      await database.stop();
    }
  }

  if (only.has("widget_gzip_bytes")) {
    const file = path.join(repoRoot, "apps/widget/dist/widget.js");
    // Measure the current sources: build the widget first (esbuild, well under a second).
    execFileSync("npm", ["run", "build", "-w", "@chatwright/widget"], { cwd: repoRoot, stdio: "ignore" });
    const bytes = widgetGzipBytes(file);
    if (bytes === null) throw new Error(`the widget build did not produce ${file}`);
    emit({ metric: "widget_gzip_bytes", bytes });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
