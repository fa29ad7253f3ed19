import type { Db, Plan } from "@chatwright/db";
import { DomainError } from "../errors";
import { assertEnterpriseFeature } from "../enterprise/enterprise";
import { generateApiKey, isApiKeyMatch, parseApiKeyPrefix } from "./apiKeyFormat";

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { id: string; name: string } | null;
}

/** Active keys a workspace may hold at once: enough for every integration, few enough to review. */
export const MAX_ACTIVE_API_KEYS = 25;
/** lastUsedAt is written at most this often per key, not on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function listApiKeys(db: Db, workspaceId: string): Promise<ApiKeySummary[]> {
  const keys = await db.apiKey.findMany({
    where: { workspaceId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdById: true },
  });
  const creatorIds = [...new Set(keys.map((k) => k.createdById).filter((id): id is string => id !== null))];
  const creators = creatorIds.length > 0 ? await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } }) : [];
  const nameOf = new Map(creators.map((u) => [u.id, u.name]));
  return keys.map(({ createdById, ...key }) => ({
    ...key,
    createdBy: createdById ? { id: createdById, name: nameOf.get(createdById) ?? "a former member" } : null,
  }));
}

/** Creates a key and returns it whole, once; only its hash is stored. */
export async function createApiKey(
  db: Db,
  input: { workspaceId: string; plan: Plan; userId: string; name: string; random?: (bytes: number) => Buffer },
): Promise<{ key: string; apiKey: ApiKeySummary }> {
  assertEnterpriseFeature(input.plan, "apiAccess");
  const active = await db.apiKey.count({ where: { workspaceId: input.workspaceId, revokedAt: null } });
  if (active >= MAX_ACTIVE_API_KEYS) {
    throw new DomainError("PRECONDITION_FAILED", `This workspace already has ${MAX_ACTIVE_API_KEYS} active API keys. Revoke one you no longer use first.`);
  }
  const generated = generateApiKey(input.random);
  const name = input.name.trim();
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: { workspaceId: input.workspaceId, name, prefix: generated.prefix, secretHash: generated.secretHash, createdById: input.userId },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
    await tx.auditLog.create({
      data: { workspaceId: input.workspaceId, userId: input.userId, action: "api_key.created", targetType: "ApiKey", targetId: row.id, metadata: { name, prefix: row.prefix } },
    });
    return row;
  });
  const creator = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, name: true } });
  return { key: generated.key, apiKey: { ...created, createdBy: creator } };
}

/** Revoking works on every plan, so a downgraded workspace can still shut its keys off. Revoking twice is a no-op. */
export async function revokeApiKey(db: Db, input: { workspaceId: string; userId: string; apiKeyId: string; now: Date }): Promise<{ revokedAt: Date }> {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: input.apiKeyId, workspaceId: input.workspaceId }, select: { id: true, name: true, prefix: true, revokedAt: true } });
    if (!key) throw new DomainError("NOT_FOUND", "This API key was not found in this workspace.");
    if (key.revokedAt) return { revokedAt: key.revokedAt };
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: input.now } });
    await tx.auditLog.create({
      data: { workspaceId: input.workspaceId, userId: input.userId, action: "api_key.revoked", targetType: "ApiKey", targetId: key.id, metadata: { name: key.name, prefix: key.prefix } },
    });
    return { revokedAt: input.now };
  });
}

export interface ApiKeyCaller {
  apiKeyId: string;
  workspaceId: string;
  plan: Plan;
  lastUsedAt: Date | null;
}

const UNAUTHORIZED_MESSAGE = "Missing or invalid API key. Send `Authorization: Bearer cw_live_…` with an active key from Settings → API keys.";

/**
 * The workflow API's authentication: `Authorization: Bearer <key>`. Unknown,
 * malformed and revoked keys get the same UNAUTHORIZED. The plan is returned,
 * not checked: the caller answers a non-Enterprise workspace with FORBIDDEN.
 */
export async function authenticateApiKey(db: Db, input: { authorization: string | undefined; now: Date }): Promise<ApiKeyCaller> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? "");
  const key = match?.[1] ?? "";
  const prefix = parseApiKeyPrefix(key);
  if (!prefix) throw new DomainError("UNAUTHORIZED", UNAUTHORIZED_MESSAGE);
  const row = await db.apiKey.findUnique({
    where: { prefix },
    select: { id: true, workspaceId: true, secretHash: true, revokedAt: true, lastUsedAt: true, workspace: { select: { plan: true } } },
  });
  if (!row || !isApiKeyMatch(key, row.secretHash)) throw new DomainError("UNAUTHORIZED", UNAUTHORIZED_MESSAGE);
  if (row.revokedAt) throw new DomainError("UNAUTHORIZED", "This API key was revoked. Create a new one in Settings → API keys.");
  return { apiKeyId: row.id, workspaceId: row.workspaceId, plan: row.workspace.plan, lastUsedAt: row.lastUsedAt };
}

/** After a call was accepted: the key's lastUsedAt, written at most once a minute. */
export async function recordApiKeyUse(db: Db, input: { caller: ApiKeyCaller; now: Date }): Promise<void> {
  const { lastUsedAt } = input.caller;
  if (lastUsedAt && input.now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  await db.apiKey.update({ where: { id: input.caller.apiKeyId }, data: { lastUsedAt: input.now } });
}
