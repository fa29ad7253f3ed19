import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";
import { purgeExpiredConversations } from "./retention";

const SHOP = "https://retention.test";
const DAY = 24 * 60 * 60 * 1000;

let db: MigratedTestDatabase;
let services: ApiServices;
let owner: TestBrowser;
let workspaceId: string;
let keptBot: { id: string; publicKey: string };
let shortBot: { id: string; publicKey: string };
let visitors = 0;

async function publishedBot(name: string) {
  const bot = await owner.caller.bots.create({ workspaceId, name });
  const flow = await owner.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  const settings = await owner.caller.bots.widgetSettings({ workspaceId, botId: bot.id });
  await owner.caller.bots.updateWidgetSettings({ workspaceId, botId: bot.id, allowedOrigins: [SHOP], theme: settings.theme, whiteLabel: false });
  return { id: bot.id, publicKey: bot.publicKey };
}

/** A conversation whose last activity was `daysAgo` days ago. */
async function conversationIdleFor(bot: { publicKey: string }, daysAgo: number): Promise<string> {
  visitors += 1;
  const widget = createTestBrowser(services, { origin: SHOP, selfOrigin: "https://app.test", fetchSite: "cross-site" }).caller.widget;
  const visitorId = `v_retention_${String(visitors).padStart(8, "0")}`;
  const opened = await widget.init({ botKey: bot.publicKey, visitorId, conversationId: null });
  await widget.send({ botKey: bot.publicKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_retention_${visitors}`, text: "hello" });
  await db.prisma.conversation.update({ where: { id: opened.conversationId }, data: { updatedAt: new Date(Date.now() - daysAgo * DAY) } });
  return opened.conversationId;
}

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db);
  owner = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@retention.test", password: "owner has a long password", name: "Rita" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  keptBot = await publishedBot("Keeps everything");
  shortBot = await publishedBot("Forgets after 30 days");
});
afterAll(async () => {
  await db.close();
});

describe("conversation retention", () => {
  it("is set per bot, validated, audited, and keeps the bot's other settings", async () => {
    await owner.caller.knowledge.updateSettings({ workspaceId, botId: shortBot.id, threshold: 0.5 });
    await expect(owner.caller.privacy.retention({ workspaceId, botId: shortBot.id })).resolves.toEqual({ days: null });
    await expect(owner.caller.privacy.setRetention({ workspaceId, botId: shortBot.id, days: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.caller.privacy.setRetention({ workspaceId, botId: shortBot.id, days: 30 })).resolves.toEqual({ days: 30 });
    await expect(owner.caller.privacy.retention({ workspaceId, botId: shortBot.id })).resolves.toEqual({ days: 30 });
    await expect(owner.caller.knowledge.getSettings({ workspaceId, botId: shortBot.id })).resolves.toEqual({ threshold: 0.5 });
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: "privacy.retention_set", targetId: shortBot.id } })).toBe(1);

    const stranger = createTestBrowser(services);
    const otherWorkspace = (await stranger.caller.auth.signUp({ email: "stranger@retention.test", password: "stranger long password", name: "Sam" })).workspaceId;
    await expect(stranger.caller.privacy.setRetention({ workspaceId: otherWorkspace, botId: shortBot.id, days: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.caller.privacy.retention({ workspaceId, botId: shortBot.id })).resolves.toEqual({ days: 30 });
  });

  it("deletes only the conversations idle longer than their bot's retention, and audits each bot's purge", async () => {
    const old = await conversationIdleFor(shortBot, 31);
    const recent = await conversationIdleFor(shortBot, 29);
    const oldButKept = await conversationIdleFor(keptBot, 400);
    const oldMessages = await db.prisma.message.count({ where: { conversationId: old } });
    const messagesBefore = await db.prisma.message.count({ where: { workspaceId } });
    expect(oldMessages).toBeGreaterThan(0);

    await expect(purgeExpiredConversations(db.pool, { now: new Date() })).resolves.toEqual({ hasRun: true, bots: 1, conversations: 1 });
    const remaining = (await db.prisma.conversation.findMany({ where: { workspaceId }, select: { id: true } })).map((c) => c.id);
    expect(remaining.sort()).toEqual([recent, oldButKept].sort());
    expect(await db.prisma.message.count({ where: { workspaceId } })).toBe(messagesBefore - oldMessages);
    expect(await db.prisma.auditLog.findFirst({ where: { workspaceId, action: "privacy.retention_purged" } })).toMatchObject({
      targetId: shortBot.id,
      metadata: { conversations: 1, retentionDays: 30 },
    });

    // Nothing more to do: no new audit row.
    await expect(purgeExpiredConversations(db.pool, { now: new Date() })).resolves.toEqual({ hasRun: true, bots: 1, conversations: 0 });
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: "privacy.retention_purged" } })).toBe(1);
    // Clearing the setting keeps everything again.
    await owner.caller.privacy.setRetention({ workspaceId, botId: shortBot.id, days: null });
    await expect(purgeExpiredConversations(db.pool, { now: new Date(Date.now() + 365 * DAY) })).resolves.toEqual({ hasRun: true, bots: 0, conversations: 0 });
  });

  it("keeps agents out", async () => {
    const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "agent@retention.test", role: "AGENT" });
    const agent = createTestBrowser(services);
    await agent.caller.auth.signUp({ email: "agent@retention.test", password: "agent has a long password", name: "Al" });
    await agent.caller.workspaces.acceptInvitation({ token: invitation.token });
    await expect(agent.caller.privacy.retention({ workspaceId, botId: shortBot.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.privacy.setRetention({ workspaceId, botId: shortBot.id, days: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
