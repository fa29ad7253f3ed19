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
let flowVersionId: string;
let strangerWorkspaceId: string;
// The runtime stamps rows with the real clock, so the periods are read from today.
const today = new Date().toISOString().slice(0, 10);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);

/** start → listen → intent: order_status → reply, human → handoff, fallback → knowledge answer (answered → reply, notFound → "don't know"). */
const shopGraph: FlowGraph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting: "Hi!" } },
    { id: "listen", type: "listen", position: { x: 0, y: 100 }, data: { variable: "question" } },
    { id: "route", type: "intent", position: { x: 0, y: 200 }, data: { label: "What do they want?", intents: ["order_status", "human"] } },
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
  ],
} as FlowGraph;

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, {
    servicesFor: () =>
      createKeywordServices({
        intents: [
          { name: "order_status", examples: ["where is my order", "track my package"] },
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
  botId = (await owner.caller.bots.create({ workspaceId, name: "Helper" })).id;
  for (const [name, examples] of [["order_status", ["where is my order", "track my package"]], ["human", ["talk to a human", "real person please"]]] as const) {
    await owner.caller.intents.create({ workspaceId, botId, name, examples: [...examples] });
  }
  const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Main", graph: shopGraph });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  flowVersionId = (await db.prisma.flowVersion.findFirstOrThrow({ where: { flowId: flow.id } })).id;
});
afterAll(async () => {
  await db.close();
});

async function chat(visitorId: string, texts: string[]): Promise<void> {
  const { conversationId } = await services.runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId });
  for (const [i, text] of texts.entries()) await services.runtime.sendVisitorMessage({ conversationId, text, clientMessageId: `${visitorId}-${i}` });
}

describe("analytics.bot", () => {
  it("counts conversations, automation, node outcomes and the questions the bot could not answer", async () => {
    const empty = await owner.caller.analytics.bot({ workspaceId, botId, days: 7 });
    expect(empty.totals).toEqual({ conversations: 0, engagedConversations: 0, visitorMessages: 0, handedOff: 0, automationRate: null, unanswered: 0 });
    expect(empty.daily).toHaveLength(7);

    await chat("v1", ["where is my order", "how long does shipping take", "do you sell bicycles"]);
    await chat("v2", ["Do you sell  BICYCLES?", "talk to a human"]);
    await chat("v3", []);

    const stats = await owner.caller.analytics.bot({ workspaceId, botId, days: 7 });
    expect(stats.totals).toEqual({ conversations: 3, engagedConversations: 2, visitorMessages: 5, handedOff: 1, automationRate: 0.5, unanswered: 2 });
    expect(stats.daily.at(-1)).toEqual({ day: today, conversations: 3, visitorMessages: 5, handoffs: 1 });
    expect(stats.daily[0]?.day).toBe(daysFromNow(-6).toISOString().slice(0, 10));
    // The fallback that led on to an answer is not "unanswered"; the two bicycle questions are one line.
    expect(stats.unansweredQuestions).toEqual([{ text: "Do you sell  BICYCLES?", count: 2, lastAskedAt: expect.any(Date) }]);
    const outcome = (nodeId: string, handle: string) => stats.nodes.find((n) => n.nodeId === nodeId && n.handle === handle);
    expect(outcome("route", "fallback")).toMatchObject({ title: "Recognise intent", label: "What do they want?", count: 3, isMiss: true });
    expect(outcome("route", "order_status")).toMatchObject({ count: 1, isMiss: false });
    expect(outcome("route", "human")).toMatchObject({ count: 1 });
    expect(outcome("kb", "answered")).toMatchObject({ title: "Answer from knowledge base", label: "Shop FAQ", count: 1, isMiss: false });
    expect(outcome("kb", "notFound")).toMatchObject({ count: 2, isMiss: true });
    expect(stats.nodes[0]).toMatchObject({ nodeId: "route", handle: "fallback" });
  });

  it("leaves out what is older than the period", async () => {
    const later = createTestBrowser(createTestServices(db, { now: () => daysFromNow(30) }));
    await later.caller.auth.signIn({ email: "owner@analytics.test", password: "owner password 1" });
    const stats = await later.caller.analytics.bot({ workspaceId, botId, days: 7 });
    expect(stats.totals.conversations).toBe(0);
    expect(stats.unansweredQuestions).toEqual([]);
    expect((await later.caller.analytics.bot({ workspaceId, botId, days: 90 })).totals.conversations).toBe(3);
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
