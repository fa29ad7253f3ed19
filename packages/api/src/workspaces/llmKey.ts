import type { Db, Plan } from "@chatwright/db";
import { DomainError } from "../errors";
import { assertEnterpriseFeature } from "../enterprise/enterprise";
import type { SecretBox } from "../secrets/secretBox";

export interface LlmKeyStatus {
  isSet: boolean;
  /** The key's last four characters ("…abcd"), never more. */
  last4: string | null;
  setAt: Date | null;
}

/** Associated data of the sealed key: a sealed value copied to another workspace's row does not open there. */
export function llmKeySecretContext(workspaceId: string): string {
  return `workspace:${workspaceId}:llmApiKey`;
}

export const SECRETS_NOT_CONFIGURED_MESSAGE =
  "This server cannot store secrets: SECRETS_KEY is not set. Ask whoever runs Chatwright to set it (32 random bytes, e.g. `openssl rand -base64 32`) and restart.";

export async function readLlmKeyStatus(db: Db, workspaceId: string): Promise<LlmKeyStatus> {
  const row = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { llmApiKeyCiphertext: true, llmApiKeyLast4: true, llmApiKeySetAt: true } });
  return { isSet: row.llmApiKeyCiphertext !== null, last4: row.llmApiKeyCiphertext ? row.llmApiKeyLast4 : null, setAt: row.llmApiKeyCiphertext ? row.llmApiKeySetAt : null };
}

/** Seals and stores the workspace's own OpenRouter key; flows of this workspace call the LLM with it from the next turn on. */
export async function setLlmKey(
  db: Db,
  secrets: SecretBox | null | undefined,
  input: { workspaceId: string; plan: Plan; userId: string; key: string; now: Date },
): Promise<LlmKeyStatus> {
  assertEnterpriseFeature(input.plan, "ownLlmKey");
  if (!secrets) throw new DomainError("PRECONDITION_FAILED", SECRETS_NOT_CONFIGURED_MESSAGE);
  const key = input.key.trim();
  const last4 = key.slice(-4);
  await db.$transaction([
    db.workspace.update({
      where: { id: input.workspaceId },
      data: { llmApiKeyCiphertext: secrets.seal(key, llmKeySecretContext(input.workspaceId)), llmApiKeyLast4: last4, llmApiKeySetAt: input.now },
    }),
    db.auditLog.create({ data: { workspaceId: input.workspaceId, userId: input.userId, action: "workspace.llm_key_set", metadata: { last4 } } }),
  ]);
  return { isSet: true, last4, setAt: input.now };
}

/** Allowed on every plan: a downgraded workspace can still remove its key. */
export async function removeLlmKey(db: Db, input: { workspaceId: string; userId: string }): Promise<LlmKeyStatus> {
  const removed = await db.workspace.updateMany({
    where: { id: input.workspaceId, llmApiKeyCiphertext: { not: null } },
    data: { llmApiKeyCiphertext: null, llmApiKeyLast4: null, llmApiKeySetAt: null },
  });
  if (removed.count > 0) await db.auditLog.create({ data: { workspaceId: input.workspaceId, userId: input.userId, action: "workspace.llm_key_removed" } });
  return { isSet: false, last4: null, setAt: null };
}
