import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices } from "@chatwright/flow";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";

// The rule: "AGENT can use the inbox but not edit bots, billing or members."
// Billing has no procedure (plans are set by the admin command), so members and plan stay unchanged is what is checked.

const SHOP = "https://role-shop.test";
const servicesFor = () => createKeywordServices({ intents: [{ name: "talk_to_human", examples: ["talk to a person", "human please"] }] });

let db: MigratedTestDatabase;
let services: ApiServices;
let owner: TestBrowser;
let agent: TestBrowser;
let otherAgent: TestBrowser;
let workspaceId: string;
let otherWorkspaceId: string;
let ownerUserId: string;
let agentUserId: string;
let botId: string;
let botKey: string;
let flowId: string;
let intentId: string;
let sourceId: string;
let visitorCount = 0;

const forbidden = { code: "FORBIDDEN" };
const notFound = { code: "NOT_FOUND" };

async function join(browser: TestBrowser, inviter: TestBrowser, workspace: string, person: { email: string; name: string }): Promise<string> {
  const invitation = await inviter.caller.workspaces.invite({ workspaceId: workspace, email: person.email, role: "AGENT" });
  await browser.caller.auth.signUp({ email: person.email, password: `${person.name} has a long password`, name: person.name });
  await browser.caller.workspaces.acceptInvitation({ token: invitation.token });
  return (await browser.caller.auth.me()).user.id;
}

/** A visitor asks for a person on the shop's site: a conversation waiting in workspace A's inbox. */
async function handedOff(): Promise<string> {
  visitorCount += 1;
  const visitorId = `visitor_roles_${String(visitorCount).padStart(6, "0")}xx`;
  const widget = createTestBrowser(services, { origin: SHOP, selfOrigin: "https://app.chatwright.test", fetchSite: "cross-site", ip: "203.0.113.20" }).caller;
  const opened = await widget.widget.init({ botKey, visitorId, conversationId: null });
  const sent = await widget.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_roles_${visitorCount}`, text: "talk to a person" });
  expect(sent.status).toBe("WAITING_AGENT");
  return opened.conversationId;
}

/** Everything an owner or admin edits in workspace A, as stored. */
async function adminData() {
  const where = { workspaceId };
  const [workspace, bots, flows, versions, intents, sources, chunks, memberships, invitations, auditLogs] = await Promise.all([
    db.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } }),
    db.prisma.bot.findMany({ where, orderBy: { id: "asc" } }),
    db.prisma.flow.findMany({ where, orderBy: { id: "asc" } }),
    db.prisma.flowVersion.count({ where }),
    db.prisma.intent.findMany({ where, orderBy: { id: "asc" } }),
    db.prisma.knowledgeSource.findMany({ where, orderBy: { id: "asc" } }),
    db.prisma.knowledgeChunk.count({ where }),
    db.prisma.membership.findMany({ where, orderBy: { id: "asc" } }),
    db.prisma.invitation.count({ where }),
    db.prisma.auditLog.count({ where }),
  ]);
  return { workspace, bots, flows, versions, intents, sources, chunks, memberships, invitations, auditLogs };
}

/** What an action on a conversation could write. */
async function conversationData(conversationId: string) {
  const [conversation, messages, events, readMarks] = await Promise.all([
    db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } }),
    db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } }),
    db.prisma.conversationEvent.count({ where: { conversationId } }),
    db.prisma.inboxReadMark.count({ where: { conversationId } }),
  ]);
  return { conversation, messages, events, readMarks };
}

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, { servicesFor });
  owner = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@roles.test", password: "owner has a long password", name: "Olive" })).workspaceId;
  ownerUserId = (await owner.caller.auth.me()).user.id;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Tea helper" });
  botId = bot.id;
  botKey = bot.publicKey;
  flowId = (await owner.caller.flows.create({ workspaceId, botId, name: "Main", templateId: "greeting-router" })).id;
  await owner.caller.flows.publish({ workspaceId, flowId });
  const settings = await owner.caller.bots.widgetSettings({ workspaceId, botId });
  await owner.caller.bots.updateWidgetSettings({ workspaceId, botId, allowedOrigins: [SHOP], theme: settings.theme, whiteLabel: false });
  intentId = (await owner.caller.intents.create({ workspaceId, botId, name: "refund", examples: ["I want my money back"] })).id;
  sourceId = (await owner.caller.knowledge.importFaq({ workspaceId, botId, title: "FAQ", fileName: "faq.csv", content: 'question,answer\n"Do you ship abroad?","Yes, to the EU."' })).sourceId;

  agent = createTestBrowser(services);
  agentUserId = await join(agent, owner, workspaceId, { email: "agent@roles.test", name: "Ada" });

  // Workspace B, with an agent of its own.
  const otherOwner = createTestBrowser(services);
  otherWorkspaceId = (await otherOwner.caller.auth.signUp({ email: "owner@other-roles.test", password: "other owner long password", name: "Otto" })).workspaceId;
  otherAgent = createTestBrowser(services);
  await join(otherAgent, otherOwner, otherWorkspaceId, { email: "agent@other-roles.test", name: "Eve" });
});
afterAll(async () => {
  await db.close();
});

describe("an agent in their own workspace", () => {
  it("uses the inbox: lists the queues, views, claims, replies, notes, resolves, and returns to the bot", async () => {
    const toResolve = await handedOff();
    const toReturn = await handedOff();
    const inbox = agent.caller.inbox;
    const ws = { workspaceId };

    const waiting = await inbox.list({ ...ws, queue: "waiting" });
    expect(waiting.conversations.map((c) => c.conversationId)).toEqual(expect.arrayContaining([toResolve, toReturn]));
    expect(waiting.counts.waiting).toBeGreaterThanOrEqual(2);
    const viewed = await inbox.get({ ...ws, conversationId: toResolve });
    expect(viewed.messages.map((m) => m.text)).toContain("talk to a person");
    await expect(inbox.agents(ws)).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ userId: agentUserId, role: "AGENT" })]));
    await expect(inbox.heartbeat({ ...ws, state: "online" })).resolves.toEqual({ ok: true });

    await expect(inbox.claim({ ...ws, conversationId: toResolve })).resolves.toMatchObject({ status: "AGENT", assignedAgentId: agentUserId });
    expect((await inbox.list({ ...ws, queue: "mine" })).conversations.map((c) => c.conversationId)).toContain(toResolve);
    const reply = await inbox.reply({ ...ws, conversationId: toResolve, text: "Hi, I'm Ada. How can I help?" });
    const note = await inbox.note({ ...ws, conversationId: toResolve, text: "Regular customer" });
    await expect(inbox.markRead({ ...ws, conversationId: toResolve })).resolves.toMatchObject({ lastReadSeq: expect.any(Number) });
    const stored = await db.prisma.message.findMany({ where: { id: { in: [reply.id, note.id] } }, select: { id: true, role: true, text: true } });
    expect(stored).toEqual(
      expect.arrayContaining([
        { id: reply.id, role: "AGENT", text: "Hi, I'm Ada. How can I help?" },
        { id: note.id, role: "SYSTEM", text: "Regular customer" },
      ]),
    );
    const transcript = await inbox.exportTranscript({ ...ws, conversationId: toResolve, format: "json" });
    expect(transcript.content).toContain("Hi, I'm Ada.");
    await expect(inbox.resolve({ ...ws, conversationId: toResolve })).resolves.toEqual({ status: "BOT" });
    expect(await db.prisma.conversation.findUniqueOrThrow({ where: { id: toResolve } })).toMatchObject({ assignedAgentId: null, activeNodeId: "end" });

    await inbox.claim({ ...ws, conversationId: toReturn });
    await expect(inbox.returnToBot({ ...ws, conversationId: toReturn })).resolves.toEqual({ status: "BOT" });
    expect(await db.prisma.conversation.findUniqueOrThrow({ where: { id: toReturn } })).toMatchObject({ status: "BOT", assignedAgentId: null });
  });

  it("may read the bots, flows, knowledge and members it answers for", async () => {
    const ws = { workspaceId };
    await expect(agent.caller.bots.list(ws)).resolves.toHaveLength(1);
    await expect(agent.caller.flows.get({ ...ws, flowId })).resolves.toMatchObject({ id: flowId });
    await expect(agent.caller.knowledge.listSources({ ...ws, botId })).resolves.toHaveLength(1);
    await expect(agent.caller.intents.list({ ...ws, botId })).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: intentId, name: "refund" })]));
    await expect(agent.caller.workspaces.members(ws)).resolves.toHaveLength(2);
  });

  it("cannot edit bots, flows, knowledge, intents, the widget, members or the workspace: FORBIDDEN each time, nothing changed", async () => {
    const before = await adminData();
    const ws = { workspaceId };
    const settings = await owner.caller.bots.widgetSettings({ ...ws, botId });
    const flow = await owner.caller.flows.get({ ...ws, flowId });
    const c = agent.caller;
    const refused: [string, () => Promise<unknown>][] = [
      ["bots.create", () => c.bots.create({ ...ws, name: "Agent's bot" })],
      ["bots.rename", () => c.bots.rename({ ...ws, botId, name: "Renamed by an agent" })],
      ["bots.delete", () => c.bots.delete({ ...ws, botId, confirmName: "Tea helper" })],
      ["bots.widgetSettings", () => c.bots.widgetSettings({ ...ws, botId })],
      ["bots.updateWidgetSettings (origins)", () => c.bots.updateWidgetSettings({ ...ws, botId, allowedOrigins: ["https://evil.test"], theme: settings.theme, whiteLabel: false })],
      ["bots.updateWidgetSettings (theme)", () => c.bots.updateWidgetSettings({ ...ws, botId, allowedOrigins: settings.allowedOrigins, theme: { ...settings.theme, title: "Hacked" }, whiteLabel: false })],
      ["flows.create", () => c.flows.create({ ...ws, botId, name: "Agent's flow", templateId: "greeting-router" })],
      ["flows.saveDraft", () => c.flows.saveDraft({ ...ws, flowId, graph: { schemaVersion: 1, nodes: [], edges: [] }, baseRevision: flow.draftRevision })],
      ["flows.publish", () => c.flows.publish({ ...ws, flowId })],
      ["flows.rollback", () => c.flows.rollback({ ...ws, flowId, number: 1 })],
      ["flows.setActive", () => c.flows.setActive({ ...ws, botId, flowId })],
      ["flows.import", () => c.flows.import({ ...ws, botId, file: "{}" })],
      ["flows.setupFaqBot", () => c.flows.setupFaqBot({ ...ws, botId, greeting: "Hi" })],
      ["conversations.simulate", () => c.conversations.simulate({ ...ws, botId, graph: flow.graph })],
      ["knowledge.importFaq", () => c.knowledge.importFaq({ ...ws, botId, title: "More", fileName: "more.csv", content: 'question,answer\n"Q?","A."' })],
      ["knowledge.uploadDocument", () => c.knowledge.uploadDocument({ ...ws, botId, title: "Doc", fileName: "doc.txt", contentBase64: Buffer.from("Some text").toString("base64") })],
      ["knowledge.replaceSource", () => c.knowledge.replaceSource({ ...ws, botId, sourceId, fileName: "faq.csv", contentBase64: Buffer.from('question,answer\n"Q?","A."').toString("base64") })],
      ["knowledge.deleteSource", () => c.knowledge.deleteSource({ ...ws, botId, sourceId })],
      ["knowledge.updateSettings", () => c.knowledge.updateSettings({ ...ws, botId, threshold: 0.9 })],
      ["intents.create", () => c.intents.create({ ...ws, botId, name: "agent_intent", examples: ["hello there"] })],
      ["intents.update", () => c.intents.update({ ...ws, botId, intentId, examples: ["changed by an agent"] })],
      ["intents.delete", () => c.intents.delete({ ...ws, botId, intentId })],
      ["workspaces.invite", () => c.workspaces.invite({ ...ws, email: "friend@roles.test", role: "OWNER" })],
      ["workspaces.changeRole (own)", () => c.workspaces.changeRole({ ...ws, userId: agentUserId, role: "OWNER" })],
      ["workspaces.changeRole (owner)", () => c.workspaces.changeRole({ ...ws, userId: ownerUserId, role: "AGENT" })],
      ["workspaces.removeMember", () => c.workspaces.removeMember({ ...ws, userId: ownerUserId })],
      ["workspaces.rename", () => c.workspaces.rename({ ...ws, name: "Agent's shop" })],
    ];
    for (const [name, call] of refused) await expect(call(), name).rejects.toMatchObject(forbidden);
    expect(await adminData()).toEqual(before);
  });
});

describe("an agent of another workspace", () => {
  it("can neither read nor act on workspace A's conversation, by A's id or its own: NOT_FOUND, nothing written", async () => {
    const conversationId = await handedOff();
    // Some history first, so a leak would show: the owner claims, replies and notes.
    await owner.caller.inbox.claim({ workspaceId, conversationId });
    await owner.caller.inbox.reply({ workspaceId, conversationId, text: "Hello from the team" });
    await owner.caller.inbox.note({ workspaceId, conversationId, text: "Private note" });
    const before = await conversationData(conversationId);
    const c = otherAgent.caller.inbox;

    for (const scope of [{ workspaceId }, { workspaceId: otherWorkspaceId }]) {
      const calls: [string, () => Promise<unknown>][] = [
        ["get", () => c.get({ ...scope, conversationId })],
        ["exportTranscript", () => c.exportTranscript({ ...scope, conversationId, format: "csv" })],
        ["claim", () => c.claim({ ...scope, conversationId })],
        ["assign", () => c.assign({ ...scope, conversationId, assigneeUserId: agentUserId })],
        ["reply", () => c.reply({ ...scope, conversationId, text: "Hi from another shop" })],
        ["note", () => c.note({ ...scope, conversationId, text: "Peeking" })],
        ["resolve", () => c.resolve({ ...scope, conversationId })],
        ["returnToBot", () => c.returnToBot({ ...scope, conversationId })],
        ["markRead", () => c.markRead({ ...scope, conversationId })],
      ];
      for (const [name, call] of calls) await expect(call(), `${name} in ${scope.workspaceId === workspaceId ? "A" : "B"}`).rejects.toMatchObject(notFound);
    }
    // Lists and exports of A are refused outright; its own show nothing of A.
    await expect(c.list({ workspaceId, queue: "open" })).rejects.toMatchObject(notFound);
    await expect(c.exportTranscript({ workspaceId, from: new Date(0), format: "json" })).rejects.toMatchObject(notFound);
    for (const queue of ["waiting", "mine", "open", "resolved"] as const) {
      expect((await c.list({ workspaceId: otherWorkspaceId, queue })).conversations, queue).toEqual([]);
    }
    const own = await c.exportTranscript({ workspaceId: otherWorkspaceId, from: new Date(0), format: "json" });
    expect(own.content).not.toContain("Hello from the team");
    expect(JSON.parse(own.content)).toEqual([]);

    expect(await conversationData(conversationId)).toEqual(before);
  });
});
