// Runs `prisma generate` offline. Prisma 7's CLI refuses to start without a
// schema engine binary, which it would download on first use; this build
// environment cannot download it. `generate` never runs the engine, so when
// PRISMA_SCHEMA_ENGINE_BINARY is unset we point it at an existing file (the
// node binary). Where the real engine is installed, set the variable yourself.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
env.CHECKPOINT_DISABLE = "1";
const result = spawnSync(process.execPath, [prismaCli, "generate", "--config", path.join(root, "prisma.config.ts")], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
