import { createHash } from "node:crypto";

/**
 * What the audit log keeps instead of an erased visitor's id: a SHA-256 of
 * workspace + id. The shop can still answer "did we erase visitor X?" by
 * hashing X again, but the log holds no identifier of anyone.
 */
export function hashVisitorId(input: { workspaceId: string; visitorId: string }): string {
  return createHash("sha256").update(`${input.workspaceId}:${input.visitorId}`).digest("hex");
}
