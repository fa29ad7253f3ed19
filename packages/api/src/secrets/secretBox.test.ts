import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, parseSecretsKey, SecretBoxError } from "./secretBox";

const key = randomBytes(32);
const box = createSecretBox(key);
const context = "workspace:1:llmApiKey";

/** Flips one bit of one base64url part of a sealed value. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[part] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(":");
}

describe("createSecretBox (AES-256-GCM)", () => {
  it("opens what it sealed, in the versioned v1:iv:tag:ciphertext format, with a fresh IV each time", () => {
    const secret = "fake-or-key-0123456789abcdef";
    const sealed = box.seal(secret, context);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed, context)).toBe(secret);
    expect(box.seal(secret, context)).not.toBe(sealed);
    expect(box.open(box.seal("", context), context)).toBe("");
    expect(box.open(box.seal("ünïcødé 🔑", context), context)).toBe("ünïcødé 🔑");
  });

  it("refuses a tampered IV, tag or ciphertext", () => {
    const sealed = box.seal("fake-or-key-secret", context);
    for (const part of [1, 2, 3] as const) expect(() => box.open(tamper(sealed, part), context)).toThrow(SecretBoxError);
    expect(() => box.open(sealed.replace(/^v1/, "v2"), context)).toThrow(/version/);
    expect(() => box.open("fake-or-key-plaintext", context)).toThrow(SecretBoxError);
  });

  it("refuses a value sealed under another key, or moved to another context", () => {
    const sealed = box.seal("fake-or-key-secret", context);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, context)).toThrow(/another SECRETS_KEY/);
    expect(() => box.open(sealed, "workspace:2:llmApiKey")).toThrow(SecretBoxError);
  });

  it("needs a 32-byte key", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("parseSecretsKey", () => {
  it("reads 32 bytes as hex, base64 or base64url", () => {
    expect(parseSecretsKey(key.toString("hex")).equals(key)).toBe(true);
    expect(parseSecretsKey(key.toString("base64")).equals(key)).toBe(true);
    expect(parseSecretsKey(` ${key.toString("base64url")}\n`).equals(key)).toBe(true);
  });

  it("refuses anything else with a message that says how to make one", () => {
    for (const bad of ["", "secret", randomBytes(16).toString("hex"), randomBytes(31).toString("base64"), "z".repeat(64)]) {
      expect(() => parseSecretsKey(bad)).toThrow(/openssl rand -base64 32/);
    }
  });
});
