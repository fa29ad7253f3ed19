import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import type { FlowGraph } from "@chatwright/flow";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";
import { FIRST_FAQ_FLOW_NOTE } from "../flows/flows";

// Issue #14: from sign-up to "my own FAQ answered": a bot's first answers make it live on every plan,
// its try page's origin is accepted for that bot only, and returning visitors get the newest version.
const SERVER = "https://app.chatwright.test";
const SHOP = "https://tea-shop.test";

let db: MigratedTestDatabase;
let services: ApiServices;
/** The server's clock; tests move it to let a conversation go idle. */
let clockOffsetMs = 0;
let free: { browser: TestBrowser; workspaceId: string };
let pro: { browser: TestBrowser; workspaceId: string };

const rows = [
  { question: "How long does shipping take?", answer: "Orders arrive within 2 to 4 working days." },
  { question: "Can I return my tea?", answer: "Yes, unopened tea within 30 days." },
];

async function signUp(email: string, plan: "FREE" | "PRO") {
  const browser = createTestBrowser(services, { origin: SERVER, selfOrigin: SERVER });
  const { workspaceId } = await browser.caller.auth.signUp({ email, password: "onboarding password 1", name: "Olga" });
  await setWorkspacePlan(db.prisma, { workspaceId, plan });
  return { browser, workspaceId };
}

/** A widget page: `origin` is the page's, `tryPageBotKeys` the try pages this browser opened. */
const visitor = (request: { origin: string | null; tryPageBotKeys?: string[]; fetchSite?: string }) =>
  createTestBrowser(services, { selfOrigin: SERVER, fetchSite: "cross-site", ip: "203.0.113.9", tryPageBotKeys: [], ...request }).caller;

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, { now: () => new Date(Date.now() + clockOffsetMs) });
  free = await signUp("free@onboarding.test", "FREE");
  pro = await signUp("pro@onboarding.test", "PRO");
});
afterAll(async () => {
  await db.close();
});

describe("sign-up", () => {
  it("names the field a refusal is about, so the form shows it there once", async () => {
    const browser = createTestBrowser(services, { origin: SERVER, selfOrigin: SERVER });
    const taken = await browser.caller.auth.signUp({ email: "free@onboarding.test", password: "another long password", name: "Fay" }).catch((e: unknown) => e);
    expect(taken).toMatchObject({ code: "CONFLICT", cause: { details: { field: "email" } } });
    const guessable = await browser.caller.auth.signUp({ email: "new@onboarding.test", password: "aaaaaaaaaaaa", name: "Fay" }).catch((e: unknown) => e);
    expect(guessable).toMatchObject({ code: "BAD_REQUEST", cause: { details: { field: "password" } } });
  });
});

describe("a bot's first answers make it live", () => {
  it("on Free: a new bot is not live; the form's first save publishes the FAQ flow, later saves publish nothing", async () => {
    const { browser, workspaceId } = free;
    const bot = await browser.caller.bots.create({ workspaceId, name: "Tea helper" });
    expect(bot).toMatchObject({ liveVersion: null, hasDraftChanges: false });
    expect(await browser.caller.knowledge.faqEntries({ workspaceId, botId: bot.id })).toEqual({ entries: [] });

    const first = await browser.caller.knowledge.saveFaqEntries({ workspaceId, botId: bot.id, entries: rows });
    expect(first).toMatchObject({ chunkCount: 2, publishedVersion: 1 });
    expect(await browser.caller.bots.get({ workspaceId, botId: bot.id })).toMatchObject({ liveVersion: 1, hasDraftChanges: false });
    const flows = await browser.caller.flows.list({ workspaceId, botId: bot.id });
    expect(flows).toEqual([expect.objectContaining({ name: "FAQ bot", isActive: true, latestVersion: 1 })]);
    const versions = await browser.caller.flows.versions({ workspaceId, flowId: flows[0]?.id ?? "" });
    expect(versions).toEqual([expect.objectContaining({ number: 1, note: FIRST_FAQ_FLOW_NOTE, createdByName: "Olga" })]);

    // Rows are edited in place: the form sends them all, the source is replaced, nothing is published again.
    const edited = [
      { question: "How long does shipping take?", answer: "Orders arrive in 2 working days." },
      { question: "Can I return my tea?", answer: "Yes, unopened tea within 30 days." },
      { question: "Do you sell gift cards?", answer: "Yes, from 10 euros." },
    ];
    const second = await browser.caller.knowledge.saveFaqEntries({ workspaceId, botId: bot.id, entries: edited });
    expect(second).toMatchObject({ sourceId: first.sourceId, chunkCount: 3, publishedVersion: null });
    expect((await browser.caller.knowledge.faqEntries({ workspaceId, botId: bot.id })).entries).toEqual(edited);
    expect(await browser.caller.knowledge.listSources({ workspaceId, botId: bot.id })).toEqual([expect.objectContaining({ title: "Questions and answers", chunkCount: 3, isFaqForm: true })]);
    expect((await browser.caller.bots.list({ workspaceId })).find((b) => b.id === bot.id)).toMatchObject({ liveVersion: 1, hasDraftChanges: false });

    // The FAQ-bot setup on the Flow tab still works on top of it.
    const setup = await browser.caller.flows.setupFaqBot({ workspaceId, botId: bot.id, greeting: "Welcome to Olga's teas!" });
    expect(setup.version.number).toBe(2);
    expect(await browser.caller.bots.get({ workspaceId, botId: bot.id })).toMatchObject({ liveVersion: 2, hasDraftChanges: false });
  });

  it("refuses a question asked twice with its row number, and stores nothing", async () => {
    const { browser, workspaceId } = free;
    const bot = await browser.caller.bots.create({ workspaceId, name: "Twice" });
    const refused = await browser.caller.knowledge
      .saveFaqEntries({ workspaceId, botId: bot.id, entries: [...rows.slice(0, 1), { question: "how long does SHIPPING take", answer: "Soon." }] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Row 2: The same question is already on row 1.") });
    expect(await browser.caller.knowledge.listSources({ workspaceId, botId: bot.id })).toEqual([]);
    expect(await browser.caller.bots.get({ workspaceId, botId: bot.id })).toMatchObject({ liveVersion: null });
    const empty = await browser.caller.knowledge.saveFaqEntries({ workspaceId, botId: bot.id, entries: [{ question: "  ", answer: "x" }] }).catch((e: unknown) => e);
    expect(empty).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("on Pro: an imported FAQ publishes it for a bot with no flow, never over a flow the owner is drawing", async () => {
    const { browser, workspaceId } = pro;
    const fresh = await browser.caller.bots.create({ workspaceId, name: "Fresh" });
    const csv = "question,answer\nHow long does shipping take?,Two days.";
    const imported = await browser.caller.knowledge.importFaq({ workspaceId, botId: fresh.id, title: "Shop FAQ", fileName: "faq.csv", content: csv });
    expect(imported.publishedVersion).toBe(1);
    expect(await browser.caller.knowledge.listSources({ workspaceId, botId: fresh.id })).toEqual([expect.objectContaining({ title: "Shop FAQ", isFaqForm: false })]);
    expect(await browser.caller.bots.get({ workspaceId, botId: fresh.id })).toMatchObject({ liveVersion: 1 });

    const drawing = await browser.caller.bots.create({ workspaceId, name: "Drawing" });
    await browser.caller.flows.create({ workspaceId, botId: drawing.id, name: "Main", templateId: "greeting-router" });
    const untouched = await browser.caller.knowledge.importFaq({ workspaceId, botId: drawing.id, title: "Shop FAQ", fileName: "faq.csv", content: csv });
    expect(untouched.publishedVersion).toBeNull();
    expect(await browser.caller.flows.list({ workspaceId, botId: drawing.id })).toEqual([expect.objectContaining({ name: "Main", isActive: false, latestVersion: null })]);
    expect(await browser.caller.bots.get({ workspaceId, botId: drawing.id })).toMatchObject({ liveVersion: null });
  });

  it("the automatic FAQ flow gives way to the first flow the owner publishes; draft changes show until published", async () => {
    const { browser, workspaceId } = pro;
    const bot = await browser.caller.bots.create({ workspaceId, name: "Grows up" });
    await browser.caller.knowledge.saveFaqEntries({ workspaceId, botId: bot.id, entries: rows });
    const main = await browser.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
    await browser.caller.flows.publish({ workspaceId, flowId: main.id });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).activeFlowId).toBe(main.id);
    expect(await browser.caller.bots.get({ workspaceId, botId: bot.id })).toMatchObject({ liveVersion: 1, hasDraftChanges: false });

    const graph = (await browser.caller.flows.get({ workspaceId, flowId: main.id })).graph as FlowGraph;
    const moved = { ...graph, nodes: graph.nodes.map((node) => (node.id === "start" ? { ...node, position: { x: 40, y: 40 } } : node)) };
    await browser.caller.flows.saveDraft({ workspaceId, flowId: main.id, graph: moved, baseRevision: 0 });
    expect(await browser.caller.bots.get({ workspaceId, botId: bot.id })).toMatchObject({ liveVersion: 1, hasDraftChanges: true });
    await browser.caller.flows.publish({ workspaceId, flowId: main.id });
    expect(await browser.caller.bots.get({ workspaceId, botId: bot.id })).toMatchObject({ liveVersion: 2, hasDraftChanges: false });

    // A flow the owner published stays live: the next flow they publish does not replace it by itself.
    const other = await browser.caller.flows.create({ workspaceId, botId: bot.id, name: "Other", templateId: "greeting-router" });
    await browser.caller.flows.publish({ workspaceId, flowId: other.id });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).activeFlowId).toBe(main.id);
  });
});

describe("the try page's origin", () => {
  it("is accepted for the bot whose try page the browser opened, and for no other bot", async () => {
    const { browser, workspaceId } = free;
    const bot = await browser.caller.bots.create({ workspaceId, name: "Tried" });
    await browser.caller.knowledge.saveFaqEntries({ workspaceId, botId: bot.id, entries: rows });
    const other = await browser.caller.bots.create({ workspaceId, name: "Not tried" });
    await browser.caller.knowledge.saveFaqEntries({ workspaceId, botId: other.id, entries: rows });

    const tryPage = visitor({ origin: SERVER, fetchSite: "same-origin", tryPageBotKeys: [bot.publicKey] });
    await expect(tryPage.widget.config({ botKey: bot.publicKey })).resolves.toMatchObject({ hasPublishedFlow: true });
    const opened = await tryPage.widget.init({ botKey: bot.publicKey, visitorId: "visitor_try_page_000001", conversationId: null });
    const answered = await tryPage.widget.send({
      botKey: bot.publicKey,
      visitorId: "visitor_try_page_000001",
      conversationId: opened.conversationId,
      clientMessageId: "cmid_try_0001",
      text: "how long does shipping take?",
    });
    expect(answered.messages.map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
    // A same-origin GET carries no Origin header: Sec-Fetch-Site stands for it.
    await expect(visitor({ origin: null, fetchSite: "same-origin", tryPageBotKeys: [bot.publicKey] }).widget.config({ botKey: bot.publicKey })).resolves.toBeDefined();

    const refusals = [
      visitor({ origin: SERVER, fetchSite: "same-origin", tryPageBotKeys: [bot.publicKey] }).widget.config({ botKey: other.publicKey }),
      visitor({ origin: SERVER, fetchSite: "same-origin" }).widget.config({ botKey: bot.publicKey }),
      visitor({ origin: SHOP, tryPageBotKeys: [bot.publicKey] }).widget.config({ botKey: bot.publicKey }),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).allowedOrigins).toEqual([]);
  });
});

describe("returning visitors", () => {
  const visitorId = "visitor_returning_00001";

  it("keep their conversation while a newer version is live, until idle past the bot's session timeout", async () => {
    const { browser, workspaceId } = pro;
    const bot = await browser.caller.bots.create({ workspaceId, name: "Returning" });
    await browser.caller.bots.updateWidgetSettings({
      workspaceId,
      botId: bot.id,
      allowedOrigins: [SHOP],
      theme: { primaryColor: "#116644", position: "right", title: "Help", greeting: "", avatarUrl: null },
      whiteLabel: false,
    });
    await browser.caller.knowledge.saveFaqEntries({ workspaceId, botId: bot.id, entries: rows });
    expect(await browser.caller.bots.sessionTimeout({ workspaceId, botId: bot.id })).toEqual({ minutes: 30 });
    const shop = visitor({ origin: SHOP });
    const first = await shop.widget.init({ botKey: bot.publicKey, visitorId, conversationId: null });
    await shop.widget.send({ botKey: bot.publicKey, visitorId, conversationId: first.conversationId, clientMessageId: "cmid_back_0001", text: "can I return my tea?" });

    // Idle past the timeout, but nothing newer is live: the same conversation.
    clockOffsetMs = 31 * 60_000;
    expect(await shop.widget.init({ botKey: bot.publicKey, visitorId, conversationId: first.conversationId })).toMatchObject({ conversationId: first.conversationId, isNew: false });

    // The owner publishes a new greeting (version 2).
    clockOffsetMs = 0;
    const faqFlow = (await browser.caller.flows.list({ workspaceId, botId: bot.id }))[0];
    const graph = (await browser.caller.flows.get({ workspaceId, flowId: faqFlow?.id ?? "" })).graph as FlowGraph;
    const greeted = { ...graph, nodes: graph.nodes.map((node) => (node.type === "start" ? { ...node, data: { greeting: "Hello from version 2!" } } : node)) };
    await browser.caller.flows.saveDraft({ workspaceId, flowId: faqFlow?.id ?? "", graph: greeted, baseRevision: 0 });
    await browser.caller.flows.publish({ workspaceId, flowId: faqFlow?.id ?? "" });

    // Within the timeout the conversation stays on the version it started with.
    clockOffsetMs = 29 * 60_000;
    const resumed = await shop.widget.init({ botKey: bot.publicKey, visitorId, conversationId: first.conversationId });
    expect(resumed).toMatchObject({ conversationId: first.conversationId, isNew: false });
    expect(resumed.messages).toHaveLength(3);

    // Idle past it, the visitor starts fresh on version 2.
    clockOffsetMs = 31 * 60_000;
    const fresh = await shop.widget.init({ botKey: bot.publicKey, visitorId, conversationId: first.conversationId });
    expect(fresh.isNew).toBe(true);
    expect(fresh.conversationId).not.toBe(first.conversationId);
    expect(fresh.messages.map((m) => m.text)).toEqual(["Hello from version 2!"]);
    const pinned = await db.prisma.conversation.findUniqueOrThrow({ where: { id: fresh.conversationId }, select: { flowVersion: { select: { number: true } } } });
    expect(pinned.flowVersion.number).toBe(2);
    // The old conversation is left as it was, for the inbox and analytics.
    expect(await db.prisma.message.count({ where: { conversationId: first.conversationId } })).toBe(3);
    clockOffsetMs = 0;
  });

  it("follow the bot's own session timeout, which owners set in minutes", async () => {
    const { browser, workspaceId } = pro;
    const bot = (await browser.caller.bots.list({ workspaceId })).find((b) => b.name === "Returning");
    if (!bot) throw new Error("the previous test's bot is missing");
    await expect(browser.caller.bots.setSessionTimeout({ workspaceId, botId: bot.id, minutes: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await browser.caller.bots.setSessionTimeout({ workspaceId, botId: bot.id, minutes: 5 })).toEqual({ minutes: 5 });
    // Other settings in Bot.settings are kept.
    await browser.caller.knowledge.updateSettings({ workspaceId, botId: bot.id, threshold: 0.4 });
    expect(await browser.caller.bots.sessionTimeout({ workspaceId, botId: bot.id })).toEqual({ minutes: 5 });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).settings).toEqual({ sessionTimeoutMinutes: 5, retrievalThreshold: 0.4 });

    const shop = visitor({ origin: SHOP });
    const opened = await shop.widget.init({ botKey: bot.publicKey, visitorId: "visitor_short_timeout_01", conversationId: null });
    // This conversation started on version 2; version 3 goes live.
    const faqFlow = (await browser.caller.flows.list({ workspaceId, botId: bot.id }))[0];
    await browser.caller.flows.rollback({ workspaceId, flowId: faqFlow?.id ?? "", number: 1 });
    clockOffsetMs = 4 * 60_000;
    expect((await shop.widget.init({ botKey: bot.publicKey, visitorId: "visitor_short_timeout_01", conversationId: opened.conversationId })).isNew).toBe(false);
    clockOffsetMs = 6 * 60_000;
    expect((await shop.widget.init({ botKey: bot.publicKey, visitorId: "visitor_short_timeout_01", conversationId: opened.conversationId })).isNew).toBe(true);
    clockOffsetMs = 0;
    await expect(createTestBrowser(services).caller.bots.setSessionTimeout({ workspaceId, botId: bot.id, minutes: 10 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
