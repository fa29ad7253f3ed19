import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices } from "@chatwright/flow";
import { findLink, startTestSmtpServer, type TestSmtpServer } from "@chatwright/mail/testing";
import { createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { createTestBrowser, createTestMail, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";
import { sendNoticeEmails } from "./sendNoticeEmails";

const APP = "https://app.chatwright.test";
const SHOP = "https://tea-shop.test";
const servicesFor = () => createKeywordServices({ intents: [{ name: "talk_to_human", examples: ["talk to a person", "human please", "speak to an agent"] }] });

let db: MigratedTestDatabase;
let smtp: TestSmtpServer;
let mail: ReturnType<typeof createTestMail>;
let services: ApiServices;
let owner: TestBrowser;
let workspaceId: string;
let botKey: string;
let visitors = 0;
let now = new Date();

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtpServer();
  mail = createTestMail(smtp.url, APP);
  const publisher = createInProcessPublisher();
  // Nobody is ever online: every handoff takes the runtime's offline path.
  const runtime = createRuntime({ pool: db.pool, publisher, servicesFor, isAgentOnline: () => false });
  services = createTestServices(db, { servicesFor, publisher, runtime, mail, now: () => now });
  owner = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@notices.test", password: "owner password 12", name: "Olive", workspaceName: "Olive's Teas" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Tea helper" });
  botKey = bot.publicKey;
  const flow = await owner.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  const settings = await owner.caller.bots.widgetSettings({ workspaceId, botId: bot.id });
  await owner.caller.bots.updateWidgetSettings({ workspaceId, botId: bot.id, allowedOrigins: [SHOP], theme: settings.theme, whiteLabel: false });
  const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "agent@notices.test", role: "AGENT" });
  const agent = createTestBrowser(services);
  await agent.caller.auth.signUp({ email: "agent@notices.test", password: "agent password 12", name: "Ada" });
  await agent.caller.workspaces.acceptInvitation({ token: invitation.token });
});
afterAll(async () => {
  mail.close();
  await smtp.close();
  await db.close();
});

/** A visitor asks the widget for a person while nobody is online. */
async function visitorAsksForAPerson() {
  visitors += 1;
  const widget = createTestBrowser(services, { origin: SHOP, selfOrigin: APP, fetchSite: "cross-site", ip: "203.0.113.9" }).caller;
  const visitorId = `visitor_notice_${String(visitors).padStart(6, "0")}xx`;
  const opened = await widget.widget.init({ botKey, visitorId, conversationId: null });
  await widget.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_notice_${visitors}`, text: "talk to a person" });
  return opened.conversationId;
}

const run = () => sendNoticeEmails({ db: db.prisma, pool: db.pool }, mail, { now });
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("a visitor waiting while nobody is online", () => {
  it("emails every member once, batching the conversations of a run, and never the same conversation twice", async () => {
    now = new Date();
    const first = await visitorAsksForAPerson();
    const second = await visitorAsksForAPerson();
    expect(await db.prisma.conversationEvent.count({ where: { conversationId: { in: [first, second] }, type: "handoff", data: { path: ["offline"], equals: true } } })).toBe(2);
    now = new Date();
    await expect(run()).resolves.toMatchObject({ waitingConversations: 2 });
    const toOwner = await smtp.waitForMail((m) => m.to.includes("owner@notices.test") && m.subject.includes("waiting"));
    const toAgent = await smtp.waitForMail((m) => m.to.includes("agent@notices.test") && m.subject.includes("waiting"));
    expect(toOwner.subject).toBe("2 visitors are waiting in Olive's Teas");
    expect(toAgent.text).toContain("• Tea helper, since");
    expect(findLink(toOwner, APP)).toBe(`${APP}/w/${workspaceId}/inbox`);

    // The link leads to the inbox, where the owner finds both conversations waiting.
    const queue = await owner.caller.inbox.list({ workspaceId, queue: "waiting" });
    expect(queue.conversations.map((item) => item.conversationId).sort()).toEqual([first, second].sort());

    // Nothing new: nothing sent. A third visitor: one email each, about that one only.
    await expect(run()).resolves.toMatchObject({ waitingConversations: 0 });
    await visitorAsksForAPerson();
    now = new Date();
    await expect(run()).resolves.toMatchObject({ waitingConversations: 1 });
    await smtp.waitForMail((m) => m.to.includes("agent@notices.test") && m.subject === "A visitor is waiting in Olive's Teas");
    await settle();
    await expect(run()).resolves.toMatchObject({ waitingConversations: 0 });
    expect(smtp.received.filter((m) => m.subject.includes("waiting")).map((m) => m.to[0]).sort()).toEqual([
      "agent@notices.test",
      "agent@notices.test",
      "owner@notices.test",
      "owner@notices.test",
    ]);
  });
});

describe("a handoff whose flow carried on offline", () => {
  it("also tells about a handoff whose flow carried on through its offline output (handoffOffline)", async () => {
    const widget = createTestBrowser(services, { origin: SHOP, selfOrigin: APP, fetchSite: "cross-site", ip: "203.0.113.9" }).caller;
    const { conversationId } = await widget.widget.init({ botKey, visitorId: "visitor_notice_offline_output_x", conversationId: null });
    now = new Date();
    // What the runtime stores when a handoff node's offline output is wired (the flow goes on, e.g. to take an email address).
    await db.prisma.conversationEvent.create({ data: { workspaceId, conversationId, type: "handoffOffline", nodeId: "human", createdAt: now } });
    await expect(run()).resolves.toMatchObject({ waitingConversations: 1 });
    const single = () => smtp.received.filter((m) => m.subject === "A visitor is waiting in Olive's Teas");
    // One email each to the owner and the agent before (the third visitor), one each now.
    await smtp.waitForMail(() => single().length >= 4);
    expect(single().slice(2).map((m) => m.to[0]).sort()).toEqual(["agent@notices.test", "owner@notices.test"]);
    await expect(run()).resolves.toMatchObject({ waitingConversations: 0 });
  });
});

describe("the monthly message quota", () => {
  it("warns the owners at 80 % and again at 100 %, once each a month", async () => {
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "FREE" });
    now = new Date("2026-12-10T12:00:00Z");
    const counter = (visitorMessages: number) =>
      db.prisma.usageCounter.upsert({
        where: { workspaceId_month: { workspaceId, month: "2026-12" } },
        create: { workspaceId, month: "2026-12", visitorMessages, updatedAt: now },
        update: { visitorMessages, updatedAt: now },
      });
    await counter(399);
    await expect(run()).resolves.toMatchObject({ quotaNotices: 0 });
    await counter(400);
    await expect(run()).resolves.toMatchObject({ quotaNotices: 1 });
    const warning = await smtp.waitForMail((m) => m.subject === "Olive's Teas has used 80 % of its monthly messages");
    expect(warning.to).toEqual(["owner@notices.test"]);
    expect(warning.text).toContain("400 of 500 visitor messages in 2026-12");
    expect(findLink(warning, APP)).toBe(`${APP}/w/${workspaceId}/billing`);
    await counter(450);
    await expect(run()).resolves.toMatchObject({ quotaNotices: 0 });
    await counter(500);
    await expect(run()).resolves.toMatchObject({ quotaNotices: 1 });
    await smtp.waitForMail((m) => m.subject === "Olive's Teas has used its monthly messages");
    await counter(620);
    await expect(run()).resolves.toMatchObject({ quotaNotices: 0 });

    // A new month starts over.
    now = new Date("2027-01-03T08:00:00Z");
    await db.prisma.usageCounter.create({ data: { workspaceId, month: "2027-01", visitorMessages: 510, updatedAt: now } });
    await expect(run()).resolves.toMatchObject({ quotaNotices: 1 });
    await settle();
    const quotaMails = smtp.received.filter((m) => m.subject.includes("monthly messages"));
    expect(quotaMails.map((m) => [m.to[0], m.subject])).toEqual([
      ["owner@notices.test", "Olive's Teas has used 80 % of its monthly messages"],
      ["owner@notices.test", "Olive's Teas has used its monthly messages"],
      ["owner@notices.test", "Olive's Teas has used its monthly messages"],
    ]);
    expect(mail.errors).toEqual([]);
  });
});
