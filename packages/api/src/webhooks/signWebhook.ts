import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A new endpoint's signing secret, Standard Webhooks style: "whsec_" + base64 of 24 random bytes. */
export function generateWebhookSecret(random: (bytes: number) => Buffer = randomBytes): string {
  return `whsec_${random(24).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ""), "base64");
}

/**
 * The `webhook-signature` header of Standard Webhooks (standardwebhooks.com):
 * "v1," + base64 HMAC-SHA256 over `${id}.${timestamp}.${body}` with the
 * secret's bytes, so receivers can use its libraries or a few lines of code.
 */
export function signWebhook(input: { secret: string; id: string; timestamp: number; body: string }): string {
  const mac = createHmac("sha256", keyOf(input.secret)).update(`${input.id}.${input.timestamp}.${input.body}`).digest("base64");
  return `v1,${mac}`;
}

/** What a receiver does: true when one of the header's space-separated signatures matches. */
export function isWebhookSignatureValid(input: { secret: string; id: string; timestamp: number; body: string; signatureHeader: string }): boolean {
  const expected = Buffer.from(signWebhook(input));
  return input.signatureHeader.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
