import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox, llmKeySecretContext, setWorkspacePlan } from "@chatwright/api";
import { createTestBrowser, createTestServices } from "@chatwright/api/testing";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { useOpenAiTestServer } from "@chatwright/llm/testing";
import { createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { createBotServicesFactory, type BotServicesFactoryOptions } from "./services";
import { publishAiReplyBot } from "./testing/publishAiReplyBot";
import { testBotServicesOptions } from "./testing/testBotServicesOptions";

// Bring your own key (Enterprise): a workspace's OpenRouter key, stored sealed
// through workspaces.setLlmKey, is what its conversations' LLM calls send.
let db: MigratedTestDatabase;
const openai = useOpenAiTestServer();
const secrets = createSecretBox(randomBytes(32));
const OWN_KEY = "fake-or-key-own-key-of-the-shop-7a3f";

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 4 });
});
afterAll(async () => {
  await db?.close();
});

/** An Enterprise shop whose owner set its own key through the API, with a published AI flow. */
async function shopWithOwnKey(name: string) {
  const services = createTestServices(db, { secrets });
  const owner = createTestBrowser(services);
  const workspaceId = (await owner.caller.auth.signUp({ email: `${name}@own-key.test`, password: "a long password", name })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "ENTERPRISE" });
  await owner.caller.workspaces.setLlmKey({ workspaceId, key: OWN_KEY });
  return { workspaceId, ...(await publishAiReplyBot(db.prisma, { workspaceId })) };
}

async function askOnce(shop: { workspaceId: string; botId: string; flowVersionId: string }, overrides: Partial<BotServicesFactoryOptions>) {
  const factory = await createBotServicesFactory(testBotServicesOptions(db.pool, openai.baseURL, overrides));
  const runtime = createRuntime({ pool: db.pool, publisher: createInProcessPublisher(), servicesFor: factory.servicesFor });
  const { conversationId } = await runtime.startConversation({ ...shop, visitorId: "v1" });
  openai.enqueue({ reply: "Nine to six." });
  const turn = await runtime.sendVisitorMessage({ conversationId, text: "When are you open?", clientMessageId: "m1" });
  const authorizations = openai.requests.map((r) => r.headers["authorization"]);
  openai.reset();
  return { replies: turn.replies.map((r) => r.text), authorizations };
}

describe("a workspace's own LLM key", () => {
  it("changes nothing for a workspace without one on a server without a key: the same reply as before, no call, no warning", async () => {
    const shop = await shopWithOwnKey("nokey");
    await db.prisma.workspace.update({ where: { id: shop.workspaceId }, data: { llmApiKeyCiphertext: null, llmApiKeyLast4: null } });
    const warnings: string[] = [];
    const withoutSecrets = await askOnce(shop, { apiKey: undefined, secrets: null });
    const withSecrets = await askOnce(shop, { apiKey: undefined, secrets, onBackgroundError: (_e, during) => warnings.push(during) });
    expect(withSecrets.replies).toEqual(withoutSecrets.replies);
    expect(withSecrets.authorizations).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("is what the workspace's conversations send, and the stored column is not the key", async () => {
    const shop = await shopWithOwnKey("byok");
    const stored = await db.prisma.workspace.findUniqueOrThrow({ where: { id: shop.workspaceId } });
    expect(stored.llmApiKeyCiphertext).not.toContain(OWN_KEY);
    expect(stored.llmApiKeyCiphertext).not.toContain(OWN_KEY.slice(6, 20));
    const { rows } = await db.pool.query<{ text: string }>(`SELECT row_to_json(w)::text AS text FROM "Workspace" w WHERE id = $1`, [shop.workspaceId]);
    expect(rows[0]?.text).not.toContain(OWN_KEY);

    const own = await askOnce(shop, { apiKey: "server-key", secrets });
    expect(own.replies).toEqual(["Nine to six."]);
    expect(own.authorizations).toEqual([`Bearer ${OWN_KEY}`]);
    // A server without OPENROUTER_API_KEY still answers this workspace with its own key.
    expect((await askOnce(shop, { apiKey: undefined, secrets })).authorizations).toEqual([`Bearer ${OWN_KEY}`]);
  });

  it("is not used below Enterprise, without the secrets key, or when it does not open: the server's key answers", async () => {
    const shop = await shopWithOwnKey("fallback");
    expect((await askOnce(shop, { apiKey: "server-key", secrets: null })).authorizations).toEqual(["Bearer server-key"]);

    const failures: string[] = [];
    const otherSecrets = createSecretBox(randomBytes(32));
    expect((await askOnce(shop, { apiKey: "server-key", secrets: otherSecrets, onBackgroundError: (_e, during) => failures.push(during) })).authorizations).toEqual(["Bearer server-key"]);
    expect(failures).toEqual(["ownLlmKey"]);

    // Sealed for another workspace: its context does not match, so it does not open here.
    await db.prisma.workspace.update({ where: { id: shop.workspaceId }, data: { llmApiKeyCiphertext: secrets.seal("sk-stolen", llmKeySecretContext("someone-else")) } });
    expect((await askOnce(shop, { apiKey: "server-key", secrets })).authorizations).toEqual(["Bearer server-key"]);

    await db.prisma.workspace.update({ where: { id: shop.workspaceId }, data: { llmApiKeyCiphertext: secrets.seal(OWN_KEY, llmKeySecretContext(shop.workspaceId)) } });
    await setWorkspacePlan(db.prisma, { workspaceId: shop.workspaceId, plan: "PRO" });
    expect((await askOnce(shop, { apiKey: "server-key", secrets })).authorizations).toEqual(["Bearer server-key"]);
  });
});
