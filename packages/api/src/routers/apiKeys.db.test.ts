import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import { hashApiKey } from "../apiKeys/apiKeyFormat";
import { authenticateApiKey, recordApiKeyUse } from "../apiKeys/apiKeys";
import { createSecretBox } from "../secrets/secretBox";
import { setWorkspacePlan } from "../workspaces/workspaces";

let db: MigratedTestDatabase;
let owner: TestBrowser;
let admin: TestBrowser;
let agent: TestBrowser;
let stranger: TestBrowser;
let workspaceId: string;
let strangerWorkspaceId: string;
const secrets = createSecretBox(randomBytes(32));

async function join(browser: TestBrowser, email: string, role: "ADMIN" | "AGENT") {
  await browser.caller.auth.signUp({ email, password: `${email} long password`, name: email.split("@")[0] ?? email });
  const invitation = await owner.caller.workspaces.invite({ workspaceId, email, role });
  await browser.caller.workspaces.acceptInvitation({ token: invitation.token });
}

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db, { secrets });
  owner = createTestBrowser(services);
  admin = createTestBrowser(services);
  agent = createTestBrowser(services);
  stranger = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@keys.test", password: "owner password 1", name: "Olive Owner" })).workspaceId;
  strangerWorkspaceId = (await stranger.caller.auth.signUp({ email: "stranger@keys.test", password: "stranger password 1", name: "Stranger" })).workspaceId;
  await join(admin, "admin@keys.test", "ADMIN");
  await join(agent, "agent@keys.test", "AGENT");
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "ENTERPRISE" });
  await setWorkspacePlan(db.prisma, { workspaceId: strangerWorkspaceId, plan: "ENTERPRISE" });
});
afterAll(async () => {
  await db.close();
});

describe("apiKeys", () => {
  it("creates a key shown once, stores only its SHA-256, lists it by prefix and audits the creation", async () => {
    const created = await admin.caller.apiKeys.create({ workspaceId, name: "  Zapier  " });
    expect(created.key).toMatch(/^cw_live_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`${created.apiKey.prefix}_`)).toBe(true);
    expect(created.apiKey).toMatchObject({ name: "Zapier", lastUsedAt: null, revokedAt: null, createdBy: { name: "admin" } });

    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });
    expect(row.secretHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(created.apiKey.prefix.length + 1));

    const listed = await owner.caller.apiKeys.list({ workspaceId });
    expect(listed.map((k) => k.prefix)).toContain(created.apiKey.prefix);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: "api_key.created", targetId: created.apiKey.id } });
    expect(audit.metadata).toEqual({ name: "Zapier", prefix: created.apiKey.prefix });
  });

  it("authenticates the key in constant time by prefix, and refuses it once revoked (revoking twice is fine)", async () => {
    const { key, apiKey } = await owner.caller.apiKeys.create({ workspaceId, name: "CRM sync" });
    const now = new Date();
    const caller = await authenticateApiKey(db.prisma, { authorization: `Bearer ${key}`, now });
    expect(caller).toMatchObject({ apiKeyId: apiKey.id, workspaceId, plan: "ENTERPRISE", lastUsedAt: null });
    await recordApiKeyUse(db.prisma, { caller, now });
    await recordApiKeyUse(db.prisma, { caller: { ...caller, lastUsedAt: now }, now: new Date(now.getTime() + 30_000) });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(now);
    const forged = `${apiKey.prefix}_${randomBytes(32).toString("base64url")}`;
    await expect(authenticateApiKey(db.prisma, { authorization: `Bearer ${forged}`, now })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(authenticateApiKey(db.prisma, { authorization: key, now })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(authenticateApiKey(db.prisma, { authorization: undefined, now })).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const revoked = await owner.caller.apiKeys.revoke({ workspaceId, id: apiKey.id });
    await expect(owner.caller.apiKeys.revoke({ workspaceId, id: apiKey.id })).resolves.toEqual(revoked);
    await expect(authenticateApiKey(db.prisma, { authorization: `Bearer ${key}`, now })).rejects.toThrow(/revoked/);
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: "api_key.revoked", targetId: apiKey.id } })).toBe(1);
    const listed = await owner.caller.apiKeys.list({ workspaceId });
    expect(listed.find((k) => k.id === apiKey.id)?.revokedAt).toEqual(revoked.revokedAt);
  });

  it("is for owners and admins only, and another workspace's key id is not found (nothing changes)", async () => {
    await expect(agent.caller.apiKeys.list({ workspaceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.apiKeys.create({ workspaceId, name: "Sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(stranger.caller.apiKeys.list({ workspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { apiKey } = await owner.caller.apiKeys.create({ workspaceId, name: "Target" });
    await expect(stranger.caller.apiKeys.revoke({ workspaceId: strangerWorkspaceId, id: apiKey.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(agent.caller.apiKeys.revoke({ workspaceId, id: apiKey.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toBeNull();
  });

  it("refuses new keys below Enterprise with the upgrade message, but still lets old ones be revoked", async () => {
    const { apiKey } = await owner.caller.apiKeys.create({ workspaceId, name: "Before downgrade" });
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    try {
      const before = await db.prisma.apiKey.count({ where: { workspaceId } });
      await expect(owner.caller.apiKeys.create({ workspaceId, name: "After" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/Enterprise plan/) });
      expect(await db.prisma.apiKey.count({ where: { workspaceId } })).toBe(before);
      await expect(owner.caller.apiKeys.revoke({ workspaceId, id: apiKey.id })).resolves.toHaveProperty("revokedAt");
    } finally {
      await setWorkspacePlan(db.prisma, { workspaceId, plan: "ENTERPRISE" });
    }
  });

  it("says what is wrong with a bad name", async () => {
    await expect(owner.caller.apiKeys.create({ workspaceId, name: "   " })).rejects.toThrow(/Give the key a name/);
  });
});

describe("workspaces.setLlmKey", () => {
  const plaintext = "fake-openrouter-key-for-tests-only-wxyz";

  it("stores the owner's key sealed (not the plaintext) and only ever says it ends with …wxyz", async () => {
    const status = await owner.caller.workspaces.setLlmKey({ workspaceId, key: plaintext });
    expect(status).toMatchObject({ isSet: true, last4: "wxyz" });
    const row = await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    expect(row.llmApiKeyCiphertext).toMatch(/^v1:/);
    expect(row.llmApiKeyCiphertext).not.toContain(plaintext);
    expect(row.llmApiKeyCiphertext).not.toContain(plaintext.slice(6, 30));
    expect(secrets.open(row.llmApiKeyCiphertext ?? "", `workspace:${workspaceId}:llmApiKey`)).toBe(plaintext);
    const shown = await admin.caller.workspaces.llmKey({ workspaceId });
    expect(shown).toMatchObject({ isSet: true, last4: "wxyz" });
    expect(JSON.stringify(shown)).not.toContain(plaintext.slice(0, 10));
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: "workspace.llm_key_set" } })).toBe(1);
    const audit = await db.prisma.auditLog.findMany({ where: { workspaceId } });
    expect(JSON.stringify(audit)).not.toContain(plaintext);
  });

  it("is for the owner only, on Enterprise, and removing it clears it", async () => {
    await expect(admin.caller.workspaces.setLlmKey({ workspaceId, key: "fake-or-key-admin-key-0000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.workspaces.llmKey({ workspaceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(stranger.caller.workspaces.setLlmKey({ workspaceId: strangerWorkspaceId, key: "bad key with spaces" })).rejects.toThrow(/no spaces/);
    await setWorkspacePlan(db.prisma, { workspaceId: strangerWorkspaceId, plan: "STARTER" });
    await expect(stranger.caller.workspaces.setLlmKey({ workspaceId: strangerWorkspaceId, key: "fake-or-key-starter-0000" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/Enterprise plan/),
    });
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: strangerWorkspaceId } })).llmApiKeyCiphertext).toBeNull();

    await expect(owner.caller.workspaces.removeLlmKey({ workspaceId })).resolves.toEqual({ isSet: false, last4: null, setAt: null });
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).llmApiKeyCiphertext).toBeNull();
  });

  it("refuses to store a secret when the server has no SECRETS_KEY, saying so", async () => {
    const withoutSecrets = createTestBrowser(createTestServices(db, { secrets: null }));
    withoutSecrets.cookie.token = owner.cookie.token;
    await expect(withoutSecrets.caller.workspaces.setLlmKey({ workspaceId, key: plaintext })).rejects.toThrow(/SECRETS_KEY is not set/);
  });
});
