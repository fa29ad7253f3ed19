import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";

// PostgreSQL stores neither NUL (U+0000) nor half of a UTF-16 surrogate pair
// (text that is not well-formed Unicode, e.g. an emoji cut in two). Every form
// of the dashboard refuses such text with a 400 before anything runs, instead
// of a 500 from the insert; the same text without them is accepted.
const NUL = "\u0000";
const HALF_EMOJI = "\ud83d";

let db: MigratedTestDatabase;
let services: ApiServices;
let owner: TestBrowser;
let workspaceId: string;
let botId: string;
let flowId: string;
let conversationId: string;

const refusal = { code: "BAD_REQUEST", message: expect.stringContaining("characters that cannot be stored") };

/** Everything a refused form could have written. */
async function stored() {
  const [users, workspaces, bots, flows, intents, sources, chunks, messages, apiKeys, bot, flow] = await Promise.all([
    db.prisma.user.count(),
    db.prisma.workspace.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
    db.prisma.bot.count(),
    db.prisma.flow.count(),
    db.prisma.intent.findMany({ select: { name: true, description: true, examples: true }, orderBy: { name: "asc" } }),
    db.prisma.knowledgeSource.count(),
    db.prisma.knowledgeChunk.count(),
    db.prisma.message.count(),
    db.prisma.apiKey.count(),
    db.prisma.bot.findUniqueOrThrow({ where: { id: botId }, select: { name: true, theme: true } }),
    db.prisma.flow.findUniqueOrThrow({ where: { id: flowId }, select: { name: true, graph: true, draftRevision: true } }),
  ]);
  return { users, workspaces, bots, flows, intents, sources, chunks, messages, apiKeys, bot, flow };
}

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db);
  owner = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@nul.test", password: "owner password 1", name: "Nora" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "ENTERPRISE" });
  botId = (await owner.caller.bots.create({ workspaceId, name: "Helper" })).id;
  const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Main", templateId: "greeting-router" });
  flowId = flow.id;
  const version = await owner.caller.flows.publish({ workspaceId, flowId });
  await owner.caller.intents.create({ workspaceId, botId, name: "refund", examples: ["money back"] });
  conversationId = (await services.runtime.startConversation({ workspaceId, botId, flowVersionId: version.id, visitorId: "visitor_nul_0123456789" })).conversationId;
});
afterAll(async () => {
  await db.close();
});

describe("text PostgreSQL cannot store", () => {
  it("is refused by every dashboard form with a 400 that says so, and nothing is stored", async () => {
    const scope = { workspaceId, botId };
    const flow = await owner.caller.flows.get({ workspaceId, flowId });
    const settings = await owner.caller.bots.widgetSettings(scope);
    const exported = await owner.caller.flows.export({ workspaceId, flowId });
    const graphWith = (text: string) => JSON.parse(JSON.stringify(flow.graph).replace('"Hi', `"${JSON.stringify(text).slice(1, -1)}Hi`)) as typeof flow.graph;
    expect(JSON.stringify(graphWith(NUL))).toContain("\\u0000");
    const before = await stored();

    for (const bad of [NUL, HALF_EMOJI]) {
      const calls: [string, () => Promise<unknown>][] = [
        ["sign-up name", () => createTestBrowser(services).caller.auth.signUp({ email: "new@nul.test", password: "new password 1", name: `Ann${bad}` })],
        ["sign-up shop name", () => createTestBrowser(services).caller.auth.signUp({ email: "new@nul.test", password: "new password 1", name: "Ann", workspaceName: `Teas${bad}` })],
        ["workspace name", () => owner.caller.workspaces.create({ name: `Second${bad}` })],
        ["workspace rename", () => owner.caller.workspaces.rename({ workspaceId, name: `Renamed${bad}` })],
        ["bot name", () => owner.caller.bots.create({ workspaceId, name: `Bot${bad}` })],
        ["bot rename", () => owner.caller.bots.rename({ ...scope, name: `Bot${bad}` })],
        ["widget title", () => owner.caller.bots.updateWidgetSettings({ ...scope, allowedOrigins: [], theme: { ...settings.theme, title: `Chat${bad}` }, whiteLabel: false })],
        ["widget greeting", () => owner.caller.bots.updateWidgetSettings({ ...scope, allowedOrigins: [], theme: { ...settings.theme, greeting: `Hello${bad}` }, whiteLabel: false })],
        ["flow name", () => owner.caller.flows.create({ ...scope, name: `Flow${bad}` })],
        ["node text in a new flow", () => owner.caller.flows.create({ ...scope, name: "Copy", graph: graphWith(bad) as never })],
        ["node text in a draft", () => owner.caller.flows.saveDraft({ workspaceId, flowId, graph: graphWith(bad) as never, baseRevision: flow.draftRevision })],
        ["publish note", () => owner.caller.flows.publish({ workspaceId, flowId, note: `v2${bad}` })],
        ["imported flow file", () => owner.caller.flows.import({ ...scope, file: JSON.stringify({ ...exported, graph: graphWith(bad) }) })],
        ["FAQ bot greeting", () => owner.caller.flows.setupFaqBot({ ...scope, greeting: `Hi${bad}` })],
        ["knowledge title", () => owner.caller.knowledge.importFaq({ ...scope, title: `FAQ${bad}`, fileName: "faq.csv", content: "question,answer\nQ,A" })],
        ["FAQ file (CSV)", () => owner.caller.knowledge.importFaq({ ...scope, title: "FAQ", fileName: "faq.csv", content: `question,answer\nWhere is my order?,Track it${bad} here` })],
        ["FAQ file (JSON escape)", () => owner.caller.knowledge.importFaq({ ...scope, title: "FAQ", fileName: "faq.json", content: JSON.stringify([{ question: "Where?", answer: `Here${bad}` }]) })],
        ["retrieval test", () => owner.caller.knowledge.testRetrieval({ ...scope, query: `where${bad}` })],
        ["intent name", () => owner.caller.intents.create({ ...scope, name: `order${bad}`, examples: ["where is my order"] })],
        ["intent description", () => owner.caller.intents.create({ ...scope, name: "order", description: `Orders${bad}`, examples: ["where is my order"] })],
        ["intent example", () => owner.caller.intents.create({ ...scope, name: "order", examples: ["where is my order", `track${bad}`] })],
        ["intent test", () => owner.caller.intents.test({ ...scope, text: `refund${bad}` })],
        ["inbox reply", () => owner.caller.inbox.reply({ workspaceId, conversationId, text: `On its way${bad}` })],
        ["inbox note", () => owner.caller.inbox.note({ workspaceId, conversationId, text: `VIP${bad}` })],
        ["inbox search", () => owner.caller.inbox.list({ workspaceId, queue: "open", search: `tea${bad}` })],
        ["visitor search", () => owner.caller.privacy.findVisitors({ workspaceId, query: `ada${bad}` })],
        ["API key name", () => owner.caller.apiKeys.create({ workspaceId, name: `CRM${bad}` })],
        ["test chat message", () => owner.caller.conversations.simulate({ ...scope, graph: flow.graph, event: { type: "VISITOR_MESSAGE", text: `hi${bad}` } })],
      ];
      for (const [form, run] of calls) {
        await expect(run(), `${form} with ${JSON.stringify(bad)}`).rejects.toMatchObject(refusal);
      }
    }
    expect(await stored()).toEqual(before);
  });

  it("names what to remove: a NUL character, or half of a character pair", async () => {
    await expect(owner.caller.bots.create({ workspaceId, name: `Bot${NUL}` })).rejects.toMatchObject({ message: expect.stringMatching(/NUL character/) });
    await expect(owner.caller.bots.create({ workspaceId, name: `Bot${HALF_EMOJI}` })).rejects.toMatchObject({ message: expect.stringMatching(/half of a character pair/) });
  });

  it("accepts whole emoji and other characters outside the basic plane", async () => {
    const bot = await owner.caller.bots.create({ workspaceId, name: "Tea 🍵 𝒷ot" });
    expect(bot.name).toBe("Tea 🍵 𝒷ot");
    await owner.caller.bots.delete({ workspaceId, botId: bot.id, confirmName: bot.name });
  });

  it("drops NUL characters from an uploaded text document (a stray NUL is not worth refusing a whole file)", async () => {
    const document = `# Returns\n\nReturn any${NUL} item within 30 days.${NUL}\n`;
    const uploaded = await owner.caller.knowledge.uploadDocument({ workspaceId, botId, title: "Returns", fileName: "returns.md", contentBase64: Buffer.from(document).toString("base64") });
    const chunks = await owner.caller.knowledge.listChunks({ workspaceId, botId, sourceId: uploaded.sourceId });
    expect(chunks.map((c) => c.content).join("\n")).toContain("Return any item within 30 days.");
    expect(chunks.some((c) => c.content.includes(NUL))).toBe(false);
    await owner.caller.knowledge.deleteSource({ workspaceId, botId, sourceId: uploaded.sourceId });
  });
});
