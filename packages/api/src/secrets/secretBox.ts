import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Seals stored secrets (a workspace's own LLM key) with AES-256-GCM: a random
 * 12-byte IV per secret, the 16-byte auth tag, and a version so the format or
 * the key can change later. Sealed text: `v1:<iv>:<tag>:<ciphertext>`, each
 * part base64url. `context` is bound as associated data: a sealed value
 * copied to another row (another workspace) does not open there.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws SecretBoxError when the text was tampered with, sealed under another key or context, or is not ours. */
  open(sealed: string, context: string): string;
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRETS_KEY_BYTES = 32;

export function createSecretBox(key: Uint8Array, options: { randomIv?: () => Buffer } = {}): SecretBox {
  if (key.length !== SECRETS_KEY_BYTES) throw new SecretBoxError(`The secrets key must be ${SECRETS_KEY_BYTES} bytes; this one is ${key.length}.`);
  const keyCopy = Buffer.from(key);
  const randomIv = options.randomIv ?? (() => randomBytes(IV_BYTES));
  return {
    seal(plaintext, context) {
      const iv = randomIv();
      if (iv.length !== IV_BYTES) throw new SecretBoxError(`The IV must be ${IV_BYTES} bytes.`);
      const cipher = createCipheriv("aes-256-gcm", keyCopy, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
    },
    open(sealed, context) {
      const parts = sealed.split(":");
      if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError("This is not a sealed secret of a version this server reads (expected v1:iv:tag:ciphertext).");
      const [, ivText = "", tagText = "", ciphertextText = ""] = parts;
      const iv = Buffer.from(ivText, "base64url");
      const tag = Buffer.from(tagText, "base64url");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("The sealed secret is malformed.");
      try {
        const decipher = createDecipheriv("aes-256-gcm", keyCopy, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        // GCM says only "unable to authenticate": wrong key, wrong context or altered bytes look the same.
        throw new SecretBoxError("The sealed secret could not be opened: it was altered, or sealed with another SECRETS_KEY.");
      }
    },
  };
}

/** SECRETS_KEY as written in the environment: 32 bytes as 64 hex digits or as base64 / base64url (43–44 characters). */
export function parseSecretsKey(text: string): Buffer {
  const value = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, "hex")
    : /^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)
      ? Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64")
      : null;
  if (bytes === null || bytes.length !== SECRETS_KEY_BYTES) {
    throw new SecretBoxError("SECRETS_KEY must be 32 random bytes, written as 64 hex digits or base64 (e.g. `openssl rand -base64 32`).");
  }
  return bytes;
}
