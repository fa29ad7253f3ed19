import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices } from "@chatwright/flow";
import { createInMemoryPresence, createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";
import type { WidgetEvent } from "../widget/widget";

const SHOP = "https://tea-shop.test";
// The greeting-router template's intents, as the bot's classifier would know them.
const servicesFor = () =>
  createKeywordServices({
    intents: [
      { name: "talk_to_human", examples: ["talk to a person", "human please", "speak to an agent"] },
      { name: "shipping", examples: ["how long does delivery take", "shipping cost"] },
    ],
  });

let db: MigratedTestDatabase;
let services: ApiServices;
let owner: TestBrowser;
let agent: TestBrowser;
let agentUserId: string;
let outsider: TestBrowser;
let outsiderWorkspaceId: string;
let workspaceId: string;
let botId: string;
let botKey: string;
let visitorCount = 0;

const shop = () => createTestBrowser(services, { origin: SHOP, selfOrigin: "https://app.chatwright.test", fetchSite: "cross-site", ip: "203.0.113.9" }).caller;

/** A visitor's conversation that the bot has handed to the team. */
async function handedOff(text = "talk to a person", visitor?: { name: string }) {
  visitorCount += 1;
  const visitorId = `visitor_inbox_${String(visitorCount).padStart(6, "0")}xx`;
  const widget = shop();
  const opened = await widget.widget.init({ botKey, visitorId, conversationId: null, ...(visitor ? { visitor } : {}) });
  const sent = await widget.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_handoff_${visitorCount}`, text });
  expect(sent.status).toBe("WAITING_AGENT");
  return { widget, visitorId, conversationId: opened.conversationId };
}

/** Reads a subscription's yields (tracked ones arrive as [id, data]) until `until` says stop. */
async function collect(stream: AsyncIterable<unknown>, until: (events: WidgetEvent[]) => boolean, act: () => Promise<unknown>): Promise<WidgetEvent[]> {
  const events: WidgetEvent[] = [];
  const reading = (async () => {
    for await (const value of stream) {
      events.push((Array.isArray(value) ? value[1] : value) as WidgetEvent);
      if (until(events)) break;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await act();
  await reading;
  return events;
}

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db, { servicesFor });
  owner = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@inbox.test", password: "inbox password 1", name: "Olive" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Tea helper" });
  botId = bot.id;
  botKey = bot.publicKey;
  const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  const settings = await owner.caller.bots.widgetSettings({ workspaceId, botId });
  await owner.caller.bots.updateWidgetSettings({ workspaceId, botId, allowedOrigins: [SHOP], theme: settings.theme, whiteLabel: false });

  const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "agent@inbox.test", role: "AGENT" });
  agent = createTestBrowser(services);
  await agent.caller.auth.signUp({ email: "agent@inbox.test", password: "agent password 1", name: "Ada" });
  await agent.caller.workspaces.acceptInvitation({ token: invitation.token });
  agentUserId = (await agent.caller.auth.me()).user.id;

  outsider = createTestBrowser(services);
  outsiderWorkspaceId = (await outsider.caller.auth.signUp({ email: "eve@other.test", password: "other password 1", name: "Eve" })).workspaceId;
});
afterAll(async () => {
  await db.close();
});

describe("inbox", () => {
  it("handoff -> claim -> the agent's reply reaches the visitor's subscription -> return to bot resumes at the returned output", async () => {
    const { widget, visitorId, conversationId } = await handedOff();
    const waiting = await agent.caller.inbox.list({ workspaceId, queue: "waiting" });
    const listed = waiting.conversations.find((c) => c.conversationId === conversationId);
    expect(listed).toMatchObject({ botName: "Tea helper", visitorId, visitorName: null, status: "WAITING_AGENT", assignee: null, unreadCount: 1 });
    // The preview is what the visitor asked, not the bot's "I'm passing you to…" after it; the wait runs from the handoff.
    expect(listed?.lastVisitorMessage?.text).toBe("talk to a person");
    expect(listed?.waitingSince).toBeInstanceOf(Date);
    const before = await agent.caller.inbox.get({ workspaceId, conversationId });
    expect(before.matchedIntent).toBe("talk_to_human");
    expect(before.messages.map((m) => m.role)).toEqual(["BOT", "VISITOR", "BOT"]);

    await expect(agent.caller.inbox.claim({ workspaceId, conversationId })).resolves.toEqual({ conversationId, status: "AGENT", assignedAgentId: agentUserId });
    const mine = await agent.caller.inbox.list({ workspaceId, queue: "mine" });
    expect(mine.conversations.map((c) => c.conversationId)).toContain(conversationId);
    expect(mine.counts.mine).toBeGreaterThanOrEqual(1);

    const stream = await widget.widget.subscribe({ botKey, visitorId, conversationId, lastEventId: "3" });
    const seen = await collect(
      stream,
      (events) => events.some((e) => e.type === "message" && e.message.role === "AGENT"),
      () => agent.caller.inbox.reply({ workspaceId, conversationId, text: "Hi, Ada here. How can I help?", clientMessageId: "agentmsg_0001" }),
    );
    expect(seen.filter((e) => e.type === "message").map((e) => (e.type === "message" ? [e.message.role, e.message.text] : null))).toEqual([["AGENT", "Hi, Ada here. How can I help?"]]);
    // The agent spoke last: nobody is waiting, and the preview is still the visitor's line.
    const answered = (await agent.caller.inbox.list({ workspaceId, queue: "mine" })).conversations.find((c) => c.conversationId === conversationId);
    expect(answered).toMatchObject({ waitingSince: null, lastVisitorMessage: { text: "talk to a person" } });

    await expect(agent.caller.inbox.returnToBot({ workspaceId, conversationId })).resolves.toEqual({ status: "BOT" });
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    // greeting-router: help --returned--> "message" (the listen node), unclaimed again.
    expect(row).toMatchObject({ status: "BOT", activeNodeId: "message", assignedAgentId: null });
    const next = await widget.widget.send({ botKey, visitorId, conversationId, clientMessageId: "cmid_after_return", text: "how long does delivery take" });
    expect(next.messages.map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
  });

  it("shows the name the widget passed for the visitor, in the list and the conversation, and finds the conversation by it", async () => {
    const { conversationId } = await handedOff("talk to a person", { name: "  Maria Lopez " });
    const listed = (await agent.caller.inbox.list({ workspaceId, queue: "waiting", search: "maria" })).conversations;
    expect(listed.map((c) => [c.conversationId, c.visitorName])).toEqual([[conversationId, "Maria Lopez"]]);
    await expect(agent.caller.inbox.get({ workspaceId, conversationId })).resolves.toMatchObject({ visitorName: "Maria Lopez" });
  });

  it("lets one of two agents claiming at once win; the other gets CONFLICT naming the winner", async () => {
    const { conversationId } = await handedOff();
    const results = await Promise.allSettled([owner.caller.inbox.claim({ workspaceId, conversationId }), agent.caller.inbox.claim({ workspaceId, conversationId })]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winnerName = won[0]?.status === "fulfilled" && won[0].value.assignedAgentId === agentUserId ? "Ada" : "Olive";
    expect(lost[0]).toMatchObject({ code: "CONFLICT", message: `Already claimed by ${winnerName}.` });
  });

  it("keeps internal notes from the visitor: not in the widget's history, catch-up or live stream", async () => {
    const { widget, visitorId, conversationId } = await handedOff();
    await agent.caller.inbox.claim({ workspaceId, conversationId });
    const stream = await widget.widget.subscribe({ botKey, visitorId, conversationId, lastEventId: "0" });
    const seen = await collect(
      stream,
      (events) => events.some((e) => e.type === "message" && e.message.text === "after the note"),
      async () => {
        await agent.caller.inbox.note({ workspaceId, conversationId, text: "Secret: VIP, refund without asking" });
        await agent.caller.inbox.reply({ workspaceId, conversationId, text: "after the note" });
      },
    );
    expect(JSON.stringify(seen)).not.toContain("Secret");
    const reopened = await widget.widget.init({ botKey, visitorId, conversationId });
    expect(reopened.messages.map((m) => m.text)).not.toContain("Secret: VIP, refund without asking");
    expect(reopened.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    const view = await agent.caller.inbox.get({ workspaceId, conversationId });
    expect(view.messages.find((m) => m.isInternal)).toMatchObject({ role: "SYSTEM", text: "Secret: VIP, refund without asking", authorName: "Ada" });
  });

  it("counts unread visitor messages per agent, searches by text and visitor, filters by bot, and lists resolved conversations", async () => {
    const { widget, visitorId, conversationId } = await handedOff("talk to a person about my teapot");
    await agent.caller.inbox.claim({ workspaceId, conversationId });
    await widget.widget.send({ botKey, visitorId, conversationId, clientMessageId: "cmid_unread_1", text: "hello?" });
    const open = (await agent.caller.inbox.list({ workspaceId, queue: "open" })).conversations.find((c) => c.conversationId === conversationId);
    expect(open?.lastVisitorMessage?.text).toBe("hello?");
    const unread = async (who: TestBrowser) => (await who.caller.inbox.list({ workspaceId, queue: "open" })).conversations.find((c) => c.conversationId === conversationId)?.unreadCount;
    expect(await unread(agent)).toBe(2);
    await agent.caller.inbox.markRead({ workspaceId, conversationId });
    expect(await unread(agent)).toBe(0);
    expect(await unread(owner)).toBe(2);
    expect((await agent.caller.inbox.list({ workspaceId, queue: "open", search: "TEAPOT" })).conversations.map((c) => c.conversationId)).toEqual([conversationId]);
    expect((await agent.caller.inbox.list({ workspaceId, queue: "open", search: visitorId })).conversations.map((c) => c.conversationId)).toEqual([conversationId]);
    expect((await agent.caller.inbox.list({ workspaceId, queue: "open", search: "100%_" })).conversations).toEqual([]);
    const otherBot = await owner.caller.bots.create({ workspaceId, name: "Other bot" });
    expect((await agent.caller.inbox.list({ workspaceId, queue: "open", botId: otherBot.id })).conversations).toEqual([]);
    // greeting-router: help --resolved--> the end node, which asks for a rating.
    expect((await agent.caller.inbox.resolve({ workspaceId, conversationId })).status).not.toMatch(/AGENT/);
    const resolved = await agent.caller.inbox.list({ workspaceId, queue: "resolved" });
    expect(resolved.conversations.map((c) => c.conversationId)).toContain(conversationId);
    expect((await agent.caller.inbox.list({ workspaceId, queue: "open" })).conversations.map((c) => c.conversationId)).not.toContain(conversationId);
  });

  it("exports a transcript as CSV and JSON, per conversation and per date range", async () => {
    const { conversationId } = await handedOff();
    await agent.caller.inbox.claim({ workspaceId, conversationId });
    await agent.caller.inbox.reply({ workspaceId, conversationId, text: 'Sure, "quoted", and =SUM(A1)' });
    await agent.caller.inbox.note({ workspaceId, conversationId, text: "note for the team" });
    const csv = await agent.caller.inbox.exportTranscript({ workspaceId, conversationId, format: "csv" });
    expect(csv.fileName).toBe(`transcript-${conversationId}.csv`);
    const lines = csv.content.trim().split("\r\n");
    expect(lines[0]).toBe("conversation_id,bot,visitor_id,seq,role,internal,author,sent_at,text,sources");
    expect(lines).toHaveLength(6);
    expect(csv.content).toContain(`,4,AGENT,false,Ada,`);
    expect(csv.content).toContain(`"Sure, ""quoted"", and =SUM(A1)"`);
    expect(csv.content).toContain(",-1,SYSTEM,true,Ada,");
    const json = await agent.caller.inbox.exportTranscript({ workspaceId, conversationId, format: "json" });
    const parsed = JSON.parse(json.content) as { conversationId: string; messages: { role: string; internal: boolean; sources: unknown }[] }[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.messages.map((m) => m.sources)).toEqual(parsed[0]?.messages.map(() => []));
    expect(parsed[0]?.messages.map((m) => m.role)).toEqual(["BOT", "VISITOR", "BOT", "AGENT", "SYSTEM"]);
    const from = new Date(Date.now() - 60 * 60_000);
    const range = await agent.caller.inbox.exportTranscript({ workspaceId, from, to: new Date(Date.now() + 60_000), format: "json" });
    const all = JSON.parse(range.content) as { conversationId: string }[];
    expect(all.map((c) => c.conversationId)).toContain(conversationId);
    expect(all.length).toBeGreaterThan(1);
    await expect(agent.caller.inbox.exportTranscript({ workspaceId, format: "csv" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("tells an agent of another workspace nothing: NOT_FOUND for every procedure", async () => {
    const { conversationId } = await handedOff();
    const c = outsider.caller.inbox;
    const ws = { workspaceId };
    const calls: (() => Promise<unknown>)[] = [
      () => c.list({ ...ws, queue: "open" }),
      () => c.get({ ...ws, conversationId }),
      () => c.agents(ws),
      () => c.claim({ ...ws, conversationId }),
      () => c.assign({ ...ws, conversationId, assigneeUserId: agentUserId }),
      () => c.reply({ ...ws, conversationId, text: "hi" }),
      () => c.note({ ...ws, conversationId, text: "hi" }),
      () => c.resolve({ ...ws, conversationId }),
      () => c.returnToBot({ ...ws, conversationId }),
      () => c.markRead({ ...ws, conversationId }),
      () => c.heartbeat({ ...ws, state: "online" }),
      () => c.exportTranscript({ ...ws, conversationId, format: "csv" }),
      () => c.events(ws),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    // With their own workspace id, the conversation is not theirs either.
    const own = { workspaceId: outsiderWorkspaceId };
    const scoped: (() => Promise<unknown>)[] = [
      () => c.get({ ...own, conversationId }),
      () => c.claim({ ...own, conversationId }),
      () => c.reply({ ...own, conversationId, text: "hi" }),
      () => c.note({ ...own, conversationId, text: "hi" }),
      () => c.resolve({ ...own, conversationId }),
      () => c.returnToBot({ ...own, conversationId }),
      () => c.markRead({ ...own, conversationId }),
      () => c.exportTranscript({ ...own, conversationId, format: "json" }),
      async () => c.assign({ ...own, conversationId, assigneeUserId: (await outsider.caller.auth.me()).user.id }),
    ];
    for (const call of scoped) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await c.list({ ...own, queue: "open" })).conversations).toEqual([]);
    const range = await c.exportTranscript({ ...own, from: new Date(0), format: "json" });
    expect(JSON.parse(range.content)).toEqual([]);
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row).toMatchObject({ status: "WAITING_AGENT", assignedAgentId: null });
  });

  it("lets an agent assign to a member, tracks presence, and sends the offline message when nobody is online", async () => {
    const { conversationId } = await handedOff();
    const ownerId = (await owner.caller.auth.me()).user.id;
    await expect(agent.caller.inbox.assign({ workspaceId, conversationId, assigneeUserId: ownerId })).resolves.toMatchObject({ assignedAgentId: ownerId });
    await expect(agent.caller.inbox.reply({ workspaceId, conversationId, text: "not mine" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await agent.caller.inbox.heartbeat({ workspaceId, state: "away" });
    const agents = await agent.caller.inbox.agents({ workspaceId });
    expect(agents.find((a) => a.userId === agentUserId)?.presence).toBe("away");
    expect(agents.find((a) => a.userId === ownerId)?.presence).toBe("offline");

    // A server whose runtime asks presence: nobody online -> the handoff node's offline message.
    const presence = createInMemoryPresence();
    const publisher = createInProcessPublisher();
    const offlineServices = createTestServices(db, {
      presence,
      publisher,
      runtime: createRuntime({ pool: db.pool, publisher, servicesFor, isAgentOnline: (ws) => presence.isAnyoneOnline(ws) }),
    });
    const widget = createTestBrowser(offlineServices, { origin: SHOP, fetchSite: "cross-site", ip: "203.0.113.10" }).caller;
    const visitorId = "visitor_offline_000000001";
    const opened = await widget.widget.init({ botKey, visitorId, conversationId: null });
    const sent = await widget.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_offline_1", text: "talk to a person" });
    expect(sent.status).toBe("WAITING_AGENT");
    expect(sent.messages.at(-1)?.text).toContain("offline");
    await presence.heartbeat({ workspaceId, userId: agentUserId, state: "online" });
    const online = await widget.widget.init({ botKey, visitorId: "visitor_offline_000000002", conversationId: null });
    const waiting = await widget.widget.send({ botKey, visitorId: "visitor_offline_000000002", conversationId: online.conversationId, clientMessageId: "cmid_offline_2", text: "talk to a person" });
    expect(waiting.messages.at(-1)?.text).toBe("I'm passing you to a member of our team. They'll reply right here.");
  });

  it("pushes inbox notices live over the events subscription", async () => {
    const stream = await agent.caller.inbox.events({ workspaceId });
    const notices: { conversationId: string; reason: string }[] = [];
    let target = "";
    const reading = (async () => {
      for await (const notice of stream) {
        notices.push(notice);
        if (notice.reason === "claimed") break;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    target = (await handedOff()).conversationId;
    await agent.caller.inbox.claim({ workspaceId, conversationId: target });
    await reading;
    expect(notices.filter((n) => n.conversationId === target).map((n) => n.reason)).toEqual(["handoff", "claimed"]);
  });
});
