import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readServerEnv } from "./env";
import { loadSecretsKey } from "./secretsKey";

describe("SECRETS_KEY", () => {
  it("is validated with the other settings: 32 bytes as hex or base64", () => {
    const key = randomBytes(32);
    expect(readServerEnv({ SECRETS_KEY: key.toString("hex") }).secretsKey?.equals(key)).toBe(true);
    expect(readServerEnv({ SECRETS_KEY: key.toString("base64") }).secretsKey?.equals(key)).toBe(true);
    expect(readServerEnv({ SECRETS_KEY: "" }).secretsKey).toBeUndefined();
    expect(() => readServerEnv({ SECRETS_KEY: "hunter2" })).toThrow(/SECRETS_KEY: SECRETS_KEY must be 32 random bytes/);
  });

  it("comes from the environment when set; in development otherwise a key made once in DATA_DIR; in production none", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "cw-secrets-"));
    const fromEnv = randomBytes(32);
    expect(await loadSecretsKey({ secretsKey: fromEnv, isProduction: true, dataDir })).toEqual({ key: fromEnv, source: "env" });
    expect(await loadSecretsKey({ secretsKey: undefined, isProduction: true, dataDir })).toEqual({ key: null, source: "none" });

    const first = await loadSecretsKey({ secretsKey: undefined, isProduction: false, dataDir });
    expect(first.source).toBe("dataDir");
    const file = path.join(dataDir, "secrets.key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, "utf8")).trim(), "base64").equals(first.key ?? Buffer.alloc(0))).toBe(true);
    const again = await loadSecretsKey({ secretsKey: undefined, isProduction: false, dataDir });
    expect(again.key?.equals(first.key ?? Buffer.alloc(0))).toBe(true);
  });
});
