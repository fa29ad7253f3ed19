import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The suite starts its own server on a free port with a fresh embedded
// database. Workers load this file again; they inherit the port and data
// folder chosen by the main process through the environment.
if (!process.env["E2E_PORT"]) {
  process.env["E2E_PORT"] = execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
  process.env["E2E_DATA_DIR"] = mkdtempSync(path.join(tmpdir(), "cw-e2e-"));
}
const port = process.env["E2E_PORT"];
const baseURL = `http://localhost:${port}`;

function chromiumPath(): string | undefined {
  const candidates = [process.env["CHROMIUM_PATH"], "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  forbidOnly: Boolean(process.env["CI"]),
  retries: process.env["CI"] ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env["CI"] ? [["list"], ["json", { outputFile: "reports/e2e.json" }]] : [["list"]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node_modules/.bin/tsx apps/server/src/main.ts",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      PORT: port ?? "",
      HOST: "127.0.0.1",
      DATA_DIR: process.env["E2E_DATA_DIR"] ?? "",
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      // With REDIS_URL set (CI), this run's rate-limit counters and presence start empty, as an in-process server's do.
      REDIS_PREFIX: `chatwright-e2e-${port ?? ""}-${Date.now().toString(36)}:`,
    },
  },
});
