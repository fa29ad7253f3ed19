import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices, type FlowGraph } from "@chatwright/flow";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";

let db: MigratedTestDatabase;
let services: ApiServices;
let owner: TestBrowser;
let agent: TestBrowser;
let stranger: TestBrowser;
let workspaceId: string;
let botId: string;
let botKey: string;
let flowVersionId: string;
let strangerWorkspaceId: string;
// The runtime stamps rows with the real clock, so the periods are read from today.
const today = new Date().toISOString().slice(0, 10);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);

/**
 * start → listen → intent: order_status → reply, returns → ask for the order number → reply, human → handoff,
 * fallback → knowledge answer (answered → reply, notFound → "don't know").
 */
const shopGraph: FlowGraph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting: "Hi!" } },
    { id: "listen", type: "listen", position: { x: 0, y: 100 }, data: { variable: "question" } },
    { id: "route", type: "intent", position: { x: 0, y: 200 }, data: { label: "What do they want?", intents: ["order_status", "returns", "human"] } },
    {
      id: "ask-order",
      type: "ask",
      position: { x: 600, y: 300 },
      data: { label: "Order number", question: "What is your order number?", validation: "number", variable: "order", retryMessage: "Digits only, please." },
    },
    { id: "return-label", type: "message", position: { x: 600, y: 400 }, data: { text: "Your return label is on its way." } },
    { id: "orders", type: "message", position: { x: 0, y: 300 }, data: { text: "Track it under My orders." } },
    { id: "person", type: "handoff", position: { x: 200, y: 300 }, data: { waitingMessage: "A person will be with you shortly." } },
    { id: "kb", type: "faq", position: { x: 400, y: 300 }, data: { label: "Shop FAQ", topK: 2, answerMode: "direct" } },
    { id: "unknown", type: "message", position: { x: 400, y: 400 }, data: { text: "I don't know that one yet." } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "listen" },
    { id: "e2", source: "listen", sourceHandle: "next", target: "route" },
    { id: "e3", source: "route", sourceHandle: "order_status", target: "orders" },
    { id: "e4", source: "route", sourceHandle: "human", target: "person" },
    { id: "e5", source: "route", sourceHandle: "fallback", target: "kb" },
    { id: "e6", source: "kb", sourceHandle: "answered", target: "listen" },
    { id: "e7", source: "kb", sourceHandle: "notFound", target: "unknown" },
    { id: "e8", source: "orders", sourceHandle: "next", target: "listen" },
    { id: "e9", source: "unknown", sourceHandle: "next", target: "listen" },
    { id: "e10", source: "person", sourceHandle: "resolved", target: "listen" },
    { id: "e11", source: "person", sourceHandle: "returned", target: "listen" },
    { id: "e12", source: "route", sourceHandle: "returns", target: "ask-order" },
    { id: "e13", source: "ask-order", sourceHandle: "next", target: "return-label" },
    { id: "e14", source: "return-label", sourceHandle: "next", target: "listen" },
  ],
} as FlowGraph;

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, {
    servicesFor: () =>
      createKeywordServices({
        intents: [
          { name: "order_status", examples: ["where is my order", "track my package"] },
          { name: "returns", examples: ["return an item", "send it back"] },
          { name: "human", examples: ["talk to a human", "real person please"] },
        ],
        faqs: [{ id: "ship", question: "How long does shipping take?", answer: "Shipping takes 2-4 working days." }],
      }),
  });
  owner = createTestBrowser(services);
  agent = createTestBrowser(services);
  stranger = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@analytics.test", password: "owner password 1", name: "Owner" })).workspaceId;
  strangerWorkspaceId = (await stranger.caller.auth.signUp({ email: "stranger@analytics.test", password: "stranger password 1", name: "Stranger" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId: strangerWorkspaceId, plan: "PRO" });
  await agent.caller.auth.signUp({ email: "agent@analytics.test", password: "agent password 1", name: "Agent" });
  const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "agent@analytics.test", role: "AGENT" });
  await agent.caller.workspaces.acceptInvitation({ token: invitation.token });
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Helper" });
  botId = bot.id;
  botKey = bot.publicKey;
  const intents = [
    ["order_status", ["where is my order", "track my package"]],
    ["returns", ["return an item", "send it back"]],
    ["human", ["talk to a human", "real person please"]],
  ] as const;
  for (const [name, examples] of intents) {
    await owner.caller.intents.create({ workspaceId, botId, name, examples: [...examples] });
  }
  const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Main", graph: shopGraph });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  flowVersionId = (await db.prisma.flowVersion.findFirstOrThrow({ where: { flowId: flow.id } })).id;
});
afterAll(async () => {
  await db.close();
});

/** A widget-style visitor id for a short name. */
const visitor = (name: string) => `visitor_${name}_0123456789`;

async function chat(name: string, texts: string[]): Promise<string> {
  const visitorId = visitor(name);
  const { conversationId } = await services.runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId });
  for (const [i, text] of texts.entries()) await services.runtime.sendVisitorMessage({ conversationId, text, clientMessageId: `${visitorId}-${i}` });
  return conversationId;
}

/** The widget on a page of the shop (localhost pages may use any bot in development). */
const shopWidget = () =>
  createTestBrowser({ ...services, widget: { ...services.widget, allowLocalhostOrigins: true } }, { origin: "http://localhost:5173", fetchSite: "cross-site" }).caller.widget;

/** Reads analytics as the owner an hour from now: the conversations of the test have gone quiet by then. */
async function readAnHourLater() {
  const later = createTestBrowser(createTestServices(db, { now: () => new Date(Date.now() + 60 * 60_000) }));
  await later.caller.auth.signIn({ email: "owner@analytics.test", password: "owner password 1" });
  return later.caller.analytics.bot({ workspaceId, botId, days: 7 });
}
const conversationIds: Record<string, string> = {};

describe("analytics.bot", () => {
  it("counts conversations, automation, node outcomes and the questions the bot could not answer, with a rate that agrees with them", async () => {
    const empty = await owner.caller.analytics.bot({ workspaceId, botId, days: 7 });
    expect(empty.totals).toEqual({ conversations: 0, engagedConversations: 0, visitorMessages: 0, handedOff: 0, leftUnanswered: 0, handledByBot: 0, automationRate: null, unanswered: 0, unansweredConversations: 0 });
    expect(empty.daily).toHaveLength(7);
    expect(empty.ratings).toMatchObject({ count: 0, average: null, recentComments: [] });

    // v1 gets two answers and one "don't know"; v2 asks what nobody taught the bot, then a person; v3 never writes; v4 is served.
    conversationIds["v1"] = await chat("v1", ["where is my order", "how long does shipping take", "do you sell bicycles"]);
    conversationIds["v2"] = await chat("v2", ["Do you sell  BICYCLES?", "talk to a human"]);
    conversationIds["v3"] = await chat("v3", []);
    conversationIds["v4"] = await chat("v4", ["track my package"]);

    const stats = await owner.caller.analytics.bot({ workspaceId, botId, days: 7 });
    // Two unanswered questions: one in v1 (not handled by the bot) and one in v2 (handed off, counted there once).
    expect(stats.totals).toEqual({
      conversations: 4,
      engagedConversations: 3,
      visitorMessages: 6,
      handedOff: 1,
      leftUnanswered: 1,
      handledByBot: 1,
      automationRate: 1 / 3,
      unanswered: 2,
      unansweredConversations: 2,
    });
    expect(stats.daily.at(-1)).toEqual({
      day: today,
      conversations: 4,
      engagedConversations: 3,
      handledByBot: 1,
      handedOff: 1,
      leftUnanswered: 1,
      visitorMessages: 6,
      ratings: 0,
      averageRating: null,
    });
    expect(stats.daily[0]?.day).toBe(daysFromNow(-6).toISOString().slice(0, 10));
    // The fallback that led on to an answer is not "unanswered"; the two bicycle questions are one line.
    expect(stats.unansweredQuestions).toEqual([{ text: "Do you sell  BICYCLES?", count: 2, lastAskedAt: expect.any(String) }]);
    const outcome = (nodeId: string, handle: string) => stats.nodes.find((n) => n.nodeId === nodeId && n.handle === handle);
    expect(outcome("route", "fallback")).toMatchObject({ title: "Recognise intent", label: "What do they want?", count: 3, isMiss: true });
    expect(outcome("route", "order_status")).toMatchObject({ count: 2, isMiss: false });
    expect(outcome("route", "human")).toMatchObject({ count: 1 });
    expect(outcome("kb", "answered")).toMatchObject({ title: "Answer from knowledge base", label: "Shop FAQ", count: 1, isMiss: false });
    expect(outcome("kb", "notFound")).toMatchObject({ count: 2, isMiss: true });
    expect(stats.nodes[0]).toMatchObject({ nodeId: "route", handle: "fallback" });
    expect(stats.topIntents).toEqual({
      recognised: 3,
      notRecognised: 3,
      intents: [
        { name: "order_status", count: 2 },
        { name: "human", count: 1 },
      ],
    });
    // Nobody has been quiet for half an hour yet: no drop-off.
    expect(stats.dropOffs).toEqual([]);
  });

  it("shows visitors' ratings: the newest per conversation, average, spread and comments", async () => {
    const widget = shopWidget();
    await widget.rate({ botKey, visitorId: visitor("v1"), conversationId: conversationIds["v1"] ?? "", rating: 1, comment: "First try" });
    await widget.rate({ botKey, visitorId: visitor("v1"), conversationId: conversationIds["v1"] ?? "", rating: 2, comment: "It did not know about bicycles" });
    await widget.rate({ botKey, visitorId: visitor("v2"), conversationId: conversationIds["v2"] ?? "", rating: 5, comment: null });
    await widget.rate({ botKey, visitorId: visitor("v4"), conversationId: conversationIds["v4"] ?? "", rating: 5, comment: "  Fast!  " });

    const { ratings, daily } = await owner.caller.analytics.bot({ workspaceId, botId, days: 7 });
    expect(ratings.count).toBe(3);
    expect(ratings.average).toBe(4);
    expect(ratings.distribution).toEqual([
      { rating: 5, count: 2 },
      { rating: 4, count: 0 },
      { rating: 3, count: 0 },
      { rating: 2, count: 1 },
      { rating: 1, count: 0 },
    ]);
    expect(ratings.recentComments).toEqual([
      { conversationId: conversationIds["v4"], rating: 5, comment: "Fast!", at: expect.any(String) },
      { conversationId: conversationIds["v1"], rating: 2, comment: "It did not know about bicycles", at: expect.any(String) },
    ]);
    expect(daily.at(-1)).toMatchObject({ ratings: 3, averageRating: 4 });
  });

  it("shows where visitors stopped: the step the bot waited at once a conversation went quiet", async () => {
    // v5 wants to return something and leaves at the question for the order number.
    await chat("v5", ["send it back"]);
    const stats = await readAnHourLater();
    // v1 and v4 rest where the bot waits for a new question (v1 right after its "don't know"), v5 at the order number;
    // v2 went to a person and v3 never wrote: neither is a drop-off.
    expect(stats.dropOffs).toEqual([
      { nodeId: "listen", type: "listen", title: "Wait for a message", label: null, stopped: 2, afterUnanswered: 1, reached: 4 },
      { nodeId: "ask-order", type: "ask", title: "Ask a question", label: "Order number", stopped: 1, afterUnanswered: 0, reached: 1 },
    ]);
    expect(stats.topIntents.intents).toContainEqual({ name: "returns", count: 1 });
    expect(stats.totals).toMatchObject({ engagedConversations: 4, handledByBot: 2, handedOff: 1, leftUnanswered: 1, automationRate: 0.5 });
  });

  it("leaves out what is older than the period", async () => {
    const later = createTestBrowser(createTestServices(db, { now: () => daysFromNow(30) }));
    await later.caller.auth.signIn({ email: "owner@analytics.test", password: "owner password 1" });
    const stats = await later.caller.analytics.bot({ workspaceId, botId, days: 7 });
    expect(stats.totals.conversations).toBe(0);
    expect(stats.unansweredQuestions).toEqual([]);
    expect((await later.caller.analytics.bot({ workspaceId, botId, days: 90 })).totals.conversations).toBe(5);
  });

  it("is a Pro feature: Starter gets the upgrade message", async () => {
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "STARTER" });
    try {
      await expect(owner.caller.analytics.bot({ workspaceId, botId, days: 7 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("Pro plan") });
    } finally {
      await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    }
  });

  it("refuses agents, other workspaces, other workspaces' bots and odd periods", async () => {
    await expect(agent.caller.analytics.bot({ workspaceId, botId, days: 7 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(stranger.caller.analytics.bot({ workspaceId, botId, days: 7 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.caller.analytics.bot({ workspaceId: strangerWorkspaceId, botId, days: 7 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.caller.analytics.bot({ workspaceId, botId, days: 14 as 7 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("7, 30, 90") });
  });
});
