import { defineConfig } from "vitest/config";

// The flow package is pure, so its tests need none of the root config's
// database setup: `npx vitest run --config packages/flow/vitest.config.ts`.
export default defineConfig({
  test: {
    include: ["packages/flow/src/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
