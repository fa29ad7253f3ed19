import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseSecretsKey, SECRETS_KEY_BYTES } from "@chatwright/api";

export type SecretsKeySource = "env" | "dataDir" | "none";

/**
 * The key that seals stored secrets. SECRETS_KEY when set. Otherwise, outside
 * production, a random key kept in `<DATA_DIR>/secrets.key` (created on first
 * start, mode 0600; the embedded database lives beside it), so trying the
 * product needs no set-up. In production without SECRETS_KEY: none, and
 * storing a secret is refused with a message naming SECRETS_KEY — a key
 * silently made on one machine would not open on the next.
 */
export async function loadSecretsKey(options: { secretsKey: Buffer | undefined; isProduction: boolean; dataDir: string }): Promise<{ key: Buffer | null; source: SecretsKeySource; file?: string }> {
  if (options.secretsKey) return { key: options.secretsKey, source: "env" };
  if (options.isProduction) return { key: null, source: "none" };
  const file = path.join(options.dataDir, "secrets.key");
  const existing = await readFile(file, "utf8").catch((error: unknown) => {
    if (hasErrorCode(error, "ENOENT")) return null;
    throw error;
  });
  if (existing !== null) return { key: parseSecretsKey(existing), source: "dataDir", file };
  await mkdir(options.dataDir, { recursive: true });
  const key = randomBytes(SECRETS_KEY_BYTES);
  try {
    // "wx": two processes starting at once must not each write their own key.
    await writeFile(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    return { key, source: "dataDir", file };
  } catch (error) {
    if (!hasErrorCode(error, "EEXIST")) throw error;
    return { key: parseSecretsKey(await readFile(file, "utf8")), source: "dataDir", file };
  }
}

function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}
