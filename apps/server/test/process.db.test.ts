import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyTestDatabase, type TestDatabase } from "@chatwright/db/testing";
import { repoRoot } from "@chatwright/db";

// Runs the real entry point as `npm start` does: migrations on start, the
// printed URL, /healthz, the admin CLI, and a clean exit on SIGTERM.
let database: TestDatabase | null = null;
let env: NodeJS.ProcessEnv;
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "cw-data-"));
  env = { ...process.env, PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  if (process.env["DATABASE_URL"]) {
    database = await createEmptyTestDatabase();
    env["DATABASE_URL"] = database.url;
  } else {
    env["DATABASE_URL"] = "";
  }
});
afterAll(async () => {
  await database?.stop();
});

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(tsx, ["apps/server/src/main.ts"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open the dashboard: (http:\/\/\S+?)\/?\n/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

describe("the server process", () => {
  it("migrates, serves, lets the admin CLI set a plan while running, and exits 0 on SIGTERM", async () => {
    const { child, url } = await startServer();
    const health = (await (await fetch(`${url}/healthz`)).json()) as { ok: boolean; db: string };
    expect(health).toEqual({ ok: true, db: process.env["DATABASE_URL"] ? "postgres" : "embedded" });

    const signUp = await fetch(`${url}/trpc/auth.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ email: "cli@shop.test", password: "a long password", name: "Cli", workspaceName: "Cli Shop" }),
    });
    expect(signUp.status).toBe(200);

    const admin = spawnSync(tsx, ["apps/server/src/admin.ts", "set-plan", "Cli Shop", "pro"], { cwd: repoRoot, env, encoding: "utf8" });
    expect(admin.stderr).toBe("");
    expect(admin.stdout).toContain("is now on PRO");
    const bad = spawnSync(tsx, ["apps/server/src/admin.ts", "set-plan", "Cli Shop", "GOLD"], { cwd: repoRoot, env, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown plan "GOLD"');

    const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const me = (await (await fetch(`${url}/trpc/auth.me`, { headers: { cookie } })).json()) as { result: { data: { workspaces: { plan: string }[] } } };
    expect(me.result.data.workspaces[0]?.plan).toBe("PRO");

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 120_000);
});
