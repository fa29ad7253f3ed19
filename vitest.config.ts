import { configDefaults, defineConfig } from "vitest/config";

// Tests that need a Redis server are named *.redis.test.ts / *.redis.db.test.ts.
// They run when REDIS_URL is set (CI sets it), so `npm test` on a machine with
// no services still passes; the database tests use the embedded one there.
const hasRedis = Boolean(process.env["REDIS_URL"]);
if (!hasRedis) console.log("REDIS_URL is not set: the Redis tests (*.redis.test.ts, *.redis.db.test.ts) are left out.");

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: hasRedis ? configDefaults.exclude : [...configDefaults.exclude, "**/*.redis.test.ts", "**/*.redis.db.test.ts"],
    testTimeout: 30_000,
    // As the e2e suite does on CI: a test that fails once is run again, and a second failure fails the run.
    retry: process.env["CI"] ? 1 : 0,
    hookTimeout: 60_000,
  },
});
