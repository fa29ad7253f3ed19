import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A workflow-API key: `cw_live_<8 base36>_<43 base64url>`. The first part is
 * the prefix people see in the dashboard and the server finds the key by; the
 * rest is 32 random bytes. Only the SHA-256 of the whole key is stored: the
 * key is high-entropy, so a slow password hash would add nothing.
 */
export const API_KEY_PREFIX_START = "cw_live_";
const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const KEY_PATTERN = /^(cw_live_[a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** Shown once, never stored. */
  key: string;
  prefix: string;
  secretHash: string;
}

/** `random(n)` gives n random bytes (injected in tests). */
export function generateApiKey(random: (bytes: number) => Buffer = randomBytes): GeneratedApiKey {
  const prefixBytes = random(8);
  const prefix = API_KEY_PREFIX_START + Array.from(prefixBytes, (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length] ?? "a").join("");
  const key = `${prefix}_${random(32).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The prefix of a well-formed key, or null. */
export function parseApiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Constant-time: whether `key` hashes to the stored hex digest. */
export function isApiKeyMatch(key: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, "hex");
  const actual = Buffer.from(hashApiKey(key), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
