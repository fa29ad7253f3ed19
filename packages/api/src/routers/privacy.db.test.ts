import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";
import { hashVisitorId } from "../privacy/hashVisitorId";

// A shop answering its visitors' GDPR requests, and an owner taking their
// data with them or deleting it. Workspace A is the shop; workspace B is a
// stranger whose visitor happens to use the same browser (the same visitor id).

const SHOP_A = "https://privacy-a.test";
const SHOP_B = "https://privacy-b.test";
const ADA = "visitor_ada_0123456789abcdef";
const BEN = "visitor_ben_0123456789abcdef";
const ADA_EMAIL = "ada@visitor.test";

let db: MigratedTestDatabase;
let services: ApiServices;
let owner: TestBrowser;
let admin: TestBrowser;
let agent: TestBrowser;
let ownerB: TestBrowser;
let workspaceA: string;
let workspaceB: string;
let botA: { id: string; publicKey: string };
let botA2: { id: string; publicKey: string };
let botB: { id: string; publicKey: string };
let usageRowId: string;

const forbidden = { code: "FORBIDDEN" };

function visitor(origin: string) {
  return createTestBrowser(services, { origin, selfOrigin: "https://app.chatwright.test", fetchSite: "cross-site", ip: "203.0.113.40" }).caller;
}

async function chat(origin: string, bot: { publicKey: string }, visitorId: string, texts: string[], identity?: { name?: string; email?: string }) {
  const widget = visitor(origin);
  const opened = await widget.widget.init({ botKey: bot.publicKey, visitorId, conversationId: null, ...(identity ? { visitor: identity } : {}) });
  let n = 0;
  for (const text of texts) {
    n += 1;
    await widget.widget.send({ botKey: bot.publicKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_${visitorId.slice(8, 11)}_${opened.conversationId.slice(0, 8)}_${n}`, text });
  }
  return opened.conversationId;
}

async function publishedBot(browser: TestBrowser, workspaceId: string, name: string, origin: string) {
  const bot = await browser.caller.bots.create({ workspaceId, name });
  const flow = await browser.caller.flows.create({ workspaceId, botId: bot.id, name: "Main", templateId: "greeting-router" });
  await browser.caller.flows.publish({ workspaceId, flowId: flow.id });
  const settings = await browser.caller.bots.widgetSettings({ workspaceId, botId: bot.id });
  await browser.caller.bots.updateWidgetSettings({ workspaceId, botId: bot.id, allowedOrigins: [origin], theme: settings.theme, whiteLabel: false });
  return { id: bot.id, publicKey: bot.publicKey };
}

async function join(browser: TestBrowser, workspaceId: string, role: "ADMIN" | "AGENT", person: { email: string; name: string }) {
  const invitation = await owner.caller.workspaces.invite({ workspaceId, email: person.email, role });
  await browser.caller.auth.signUp({ email: person.email, password: `${person.name} has a long password`, name: person.name });
  await browser.caller.workspaces.acceptInvitation({ token: invitation.token });
}

/** Every row of the tables a visitor deletion may touch, by workspace. */
async function rowCounts(workspaceId: string) {
  const where = { workspaceId };
  const [conversations, messages, events, llmUsage, llmUsageLinked, auditLogs, bots, flows] = await Promise.all([
    db.prisma.conversation.count({ where }),
    db.prisma.message.count({ where }),
    db.prisma.conversationEvent.count({ where }),
    db.prisma.llmUsage.count({ where }),
    db.prisma.llmUsage.count({ where: { workspaceId, conversationId: { not: null } } }),
    db.prisma.auditLog.count({ where }),
    db.prisma.bot.count({ where }),
    db.prisma.flow.count({ where }),
  ]);
  return { conversations, messages, events, llmUsage, llmUsageLinked, auditLogs, bots, flows };
}

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db);
  owner = createTestBrowser(services);
  workspaceA = (await owner.caller.auth.signUp({ email: "owner@privacy-a.test", password: "owner has a long password", name: "Olive", workspaceName: "Tea Shop" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId: workspaceA, plan: "PRO" });
  botA = await publishedBot(owner, workspaceA, "Tea helper", SHOP_A);
  botA2 = await publishedBot(owner, workspaceA, "Returns helper", SHOP_A);
  admin = createTestBrowser(services);
  await join(admin, workspaceA, "ADMIN", { email: "admin@privacy-a.test", name: "Adam" });
  agent = createTestBrowser(services);
  await join(agent, workspaceA, "AGENT", { email: "agent@privacy-a.test", name: "Agnes" });

  ownerB = createTestBrowser(services);
  workspaceB = (await ownerB.caller.auth.signUp({ email: "owner@privacy-b.test", password: "other owner long password", name: "Otto" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId: workspaceB, plan: "PRO" });
  botB = await publishedBot(ownerB, workspaceB, "Stranger bot", SHOP_B);

  // Ada: two conversations on bot A, one on bot A2, an internal note about her, an LLM call.
  const adaFirst = await chat(SHOP_A, botA, ADA, ["hello there", "my order 4711 never arrived"], { name: "Ada", email: ADA_EMAIL });
  await chat(SHOP_A, botA, ADA, ["where is my parcel"]);
  await chat(SHOP_A, botA2, ADA, ["I want to return a teapot"]);
  await owner.caller.inbox.note({ workspaceId: workspaceA, conversationId: adaFirst, text: "Ada called about order 4711" });
  usageRowId = (
    await db.prisma.llmUsage.create({
      data: { workspaceId: workspaceA, botId: botA.id, conversationId: adaFirst, nodeId: "llm1", model: "openai/gpt-4o-mini", promptTokens: 120, completionTokens: 30, costUsd: 0.0001 },
    })
  ).id;
  // Ben, another visitor of the same shop.
  const ben = await chat(SHOP_A, botA, BEN, ["do you sell green tea"]);
  await db.prisma.llmUsage.create({ data: { workspaceId: workspaceA, botId: botA.id, conversationId: ben, model: "openai/gpt-4o-mini", promptTokens: 50, completionTokens: 10 } });
  // The same browser id on the stranger's shop.
  await chat(SHOP_B, botB, ADA, ["secret of workspace B"], { email: "ada-b@visitor.test" });
});
afterAll(async () => {
  await db.close();
});

describe("privacy.findVisitors", () => {
  it("finds a visitor by the email they gave, by their id, and by words they wrote, in this workspace only", async () => {
    const byEmail = await admin.caller.privacy.findVisitors({ workspaceId: workspaceA, query: "ADA@visitor.test" });
    expect(byEmail).toEqual([expect.objectContaining({ visitorId: ADA, botId: botA.id, botName: "Tea helper", conversations: 1, matchedBy: ["variable"] })]);
    const byId = await admin.caller.privacy.findVisitors({ workspaceId: workspaceA, query: ADA });
    expect(byId.map((m) => m.botId).sort()).toEqual([botA.id, botA2.id].sort());
    expect(byId.find((m) => m.botId === botA.id)).toMatchObject({ conversations: 2, matchedBy: ["visitorId"] });
    expect(await admin.caller.privacy.findVisitors({ workspaceId: workspaceA, query: ADA.slice(0, 12) })).toHaveLength(2);
    const byWords = await admin.caller.privacy.findVisitors({ workspaceId: workspaceA, query: "order 4711" });
    expect(byWords).toEqual([expect.objectContaining({ visitorId: ADA, matchedBy: ["message"] })]);
    // Workspace B's visitor data is not searched from A.
    expect(await admin.caller.privacy.findVisitors({ workspaceId: workspaceA, query: "secret of workspace" })).toEqual([]);
    expect(await admin.caller.privacy.findVisitors({ workspaceId: workspaceA, query: "100%_" })).toEqual([]);
  });
});

describe("privacy.exportVisitor", () => {
  it("exports every conversation, message, internal note, variable, event and LLM call of the visitor, and nothing of anyone else", async () => {
    const exported = await admin.caller.privacy.exportVisitor({ workspaceId: workspaceA, visitorId: ADA });
    expect(exported).toMatchObject({ format: "chatwright.visitor-export.v1", workspace: { id: workspaceA, name: "Tea Shop" }, visitorId: ADA, botId: null });
    expect(exported.conversations).toHaveLength(3);
    expect(exported.conversations.every((c) => c.visitorId === ADA)).toBe(true);
    const first = exported.conversations[0];
    expect(first).toMatchObject({ botName: "Tea helper", variables: { visitor_name: "Ada", visitor_email: ADA_EMAIL }, flowVersionNumber: 1 });
    const texts = exported.conversations.flatMap((c) => c.messages.map((m) => m.text));
    expect(texts).toEqual(expect.arrayContaining(["hello there", "my order 4711 never arrived", "where is my parcel", "I want to return a teapot", "Ada called about order 4711"]));
    expect(first?.messages.find((m) => m.text === "Ada called about order 4711")).toMatchObject({ isInternal: true, seq: -1 });
    expect(first?.messages.find((m) => m.text === "hello there")).toMatchObject({ isInternal: false, role: "VISITOR" });
    expect(exported.conversations.every((c) => c.events.length > 0)).toBe(true);
    expect(first?.llmUsage).toEqual([expect.objectContaining({ model: "openai/gpt-4o-mini", nodeId: "llm1", promptTokens: 120, completionTokens: 30 })]);
    const json = JSON.stringify(exported);
    expect(json).not.toContain("green tea");
    expect(json).not.toContain("secret of workspace B");
    expect(json).not.toContain("ada-b@visitor.test");

    const onlyA2 = await admin.caller.privacy.exportVisitor({ workspaceId: workspaceA, botId: botA2.id, visitorId: ADA });
    expect(onlyA2.conversations.map((c) => c.botId)).toEqual([botA2.id]);
  });

  it("answers NOT_FOUND for another workspace's bot or a visitor this workspace never saw", async () => {
    await expect(owner.caller.privacy.exportVisitor({ workspaceId: workspaceA, botId: botB.id, visitorId: ADA })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.caller.privacy.exportVisitor({ workspaceId: workspaceA, visitorId: "visitor_nobody_0123456789" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("no conversations for that visitor id"),
    });
    // Not a member of B: B does not exist for A's owner.
    await expect(owner.caller.privacy.exportVisitor({ workspaceId: workspaceB, visitorId: ADA })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.caller.privacy.exportVisitor({ workspaceId: workspaceA, visitorId: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("roles", () => {
  it("keeps agents out of every privacy procedure, and admins out of the workspace-wide ones", async () => {
    const ws = { workspaceId: workspaceA };
    await expect(agent.caller.privacy.findVisitors({ ...ws, query: ADA_EMAIL })).rejects.toMatchObject(forbidden);
    await expect(agent.caller.privacy.exportVisitor({ ...ws, visitorId: ADA })).rejects.toMatchObject(forbidden);
    await expect(agent.caller.privacy.deleteVisitor({ ...ws, visitorId: ADA })).rejects.toMatchObject(forbidden);
    await expect(agent.caller.privacy.exportWorkspace(ws)).rejects.toMatchObject(forbidden);
    await expect(agent.caller.workspaces.delete({ ...ws, confirmName: "Tea Shop" })).rejects.toMatchObject(forbidden);
    await expect(admin.caller.privacy.exportWorkspace(ws)).rejects.toMatchObject(forbidden);
    await expect(admin.caller.workspaces.delete({ ...ws, confirmName: "Tea Shop" })).rejects.toMatchObject(forbidden);
    expect(await db.prisma.conversation.count({ where: { workspaceId: workspaceA, visitorId: ADA } })).toBe(3);
    expect(await db.prisma.workspace.count({ where: { id: workspaceA } })).toBe(1);
  });
});

describe("privacy.exportWorkspace", () => {
  it("gives the owner everything the workspace owns, without secrets", async () => {
    const exported = await owner.caller.privacy.exportWorkspace({ workspaceId: workspaceA });
    expect(exported).toMatchObject({ format: "chatwright.workspace-export.v1", workspace: { id: workspaceA, name: "Tea Shop", plan: "PRO" } });
    expect(exported.members.map((m) => m.email).sort()).toEqual(["admin@privacy-a.test", "agent@privacy-a.test", "owner@privacy-a.test"]);
    expect(exported.invitations).toHaveLength(2);
    expect(exported.bots.map((b) => b.name)).toEqual(["Tea helper", "Returns helper"]);
    expect(exported.flows).toHaveLength(2);
    expect(exported.flows[0]?.versions).toEqual([expect.objectContaining({ number: 1 })]);
    expect(exported.conversations).toHaveLength(4);
    expect(exported.llmUsage).toHaveLength(2);
    expect(exported.auditLog.map((a) => a.action)).toEqual(expect.arrayContaining(["user.signed_up", "bot.created", "flow.published", "member.invited"]));
    const json = JSON.stringify(exported);
    expect(json).not.toMatch(/scrypt\$|passwordHash|tokenHash/);
    expect(json).not.toContain("secret of workspace B");
  });
});

describe("privacy.deleteVisitor", () => {
  it("is a no-op for a visitor only another workspace has, and for another workspace's bot", async () => {
    const stranger = "visitor_only_in_b_0123456";
    await chat(SHOP_B, botB, stranger, ["hello from B"]);
    const [beforeA, beforeB] = [await rowCounts(workspaceA), await rowCounts(workspaceB)];
    await expect(owner.caller.privacy.deleteVisitor({ workspaceId: workspaceA, visitorId: stranger })).resolves.toEqual({
      conversations: 0,
      messages: 0,
      events: 0,
      llmUsageUnlinked: 0,
    });
    await expect(owner.caller.privacy.deleteVisitor({ workspaceId: workspaceA, botId: botB.id, visitorId: ADA })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.caller.privacy.deleteVisitor({ workspaceId: workspaceB, visitorId: stranger })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await rowCounts(workspaceB)).toEqual(beforeB);
    // Only the audit row of the (empty) request.
    expect(await rowCounts(workspaceA)).toEqual({ ...beforeA, auditLogs: beforeA.auditLogs + 1 });
  });

  it("erases exactly that visitor's conversations, messages and events, keeps LLM spend unlinked, and audits without the id", async () => {
    const adaWhere = { workspaceId: workspaceA, conversation: { visitorId: ADA } };
    const adaMessages = await db.prisma.message.count({ where: adaWhere });
    const adaEvents = await db.prisma.conversationEvent.count({ where: adaWhere });
    const [beforeA, beforeB] = [await rowCounts(workspaceA), await rowCounts(workspaceB)];
    const benBefore = await db.prisma.message.findMany({ where: { workspaceId: workspaceA, conversation: { visitorId: BEN } }, orderBy: { seq: "asc" } });
    const invalidated: string[] = [];
    const adminWithTracking = createTestBrowser({ ...services, invalidateBotAnswers: async (botId) => void invalidated.push(botId) });
    await adminWithTracking.caller.auth.signIn({ email: "admin@privacy-a.test", password: "Adam has a long password" });
    const counts = await adminWithTracking.caller.privacy.deleteVisitor({ workspaceId: workspaceA, visitorId: ADA });
    expect(counts).toEqual({ conversations: 3, messages: adaMessages, events: adaEvents, llmUsageUnlinked: 1 });
    expect(adaMessages).toBeGreaterThan(5);
    expect(invalidated.sort()).toEqual([botA.id, botA2.id].sort());

    expect(await rowCounts(workspaceA)).toEqual({
      ...beforeA,
      conversations: beforeA.conversations - 3,
      messages: beforeA.messages - adaMessages,
      events: beforeA.events - adaEvents,
      llmUsageLinked: beforeA.llmUsageLinked - 1,
      auditLogs: beforeA.auditLogs + 1,
    });
    expect(await rowCounts(workspaceB)).toEqual(beforeB);
    expect(await db.prisma.message.findMany({ where: { workspaceId: workspaceA, conversation: { visitorId: BEN } }, orderBy: { seq: "asc" } })).toEqual(benBefore);
    expect(await db.prisma.conversation.count({ where: { workspaceId: workspaceB, visitorId: ADA } })).toBe(1);
    expect(await db.prisma.llmUsage.findUniqueOrThrow({ where: { id: usageRowId } })).toMatchObject({ conversationId: null, promptTokens: 120 });

    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspaceA, action: "privacy.visitor_deleted" }, orderBy: { createdAt: "desc" } });
    expect(audit.metadata).toMatchObject({ visitorIdSha256: hashVisitorId({ workspaceId: workspaceA, visitorId: ADA }), conversations: 3 });
    const auditJson = JSON.stringify(audit);
    for (const personal of [ADA, ADA_EMAIL, "4711", "Ada"]) expect(auditJson).not.toContain(personal);

    await expect(admin.caller.privacy.exportVisitor({ workspaceId: workspaceA, visitorId: ADA })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await admin.caller.privacy.findVisitors({ workspaceId: workspaceA, query: ADA_EMAIL })).toEqual([]);
  });
});

describe("workspaces.delete", () => {
  it("needs the workspace's name typed again, then removes it and everything in it, and nothing of other workspaces", async () => {
    const doomed = (await owner.caller.workspaces.create({ name: "Old Shop" })).id;
    await setWorkspacePlan(db.prisma, { workspaceId: doomed, plan: "PRO" });
    const doomedBot = await publishedBot(owner, doomed, "Old bot", "https://old-shop.test");
    await chat("https://old-shop.test", doomedBot, ADA, ["hello old shop"]);
    const [beforeA, beforeB] = [await rowCounts(workspaceA), await rowCounts(workspaceB)];

    await expect(owner.caller.workspaces.delete({ workspaceId: doomed, confirmName: "Old shop" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("type its name exactly: Old Shop"),
    });
    await expect(ownerB.caller.workspaces.delete({ workspaceId: doomed, confirmName: "Old Shop" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A paid subscription is cancelled first, or Stripe would keep charging a workspace that is gone.
    await db.prisma.workspace.update({ where: { id: doomed }, data: { stripeSubscriptionId: "sub_privacy_test", subscriptionStatus: "active" } });
    await expect(owner.caller.workspaces.delete({ workspaceId: doomed, confirmName: "Old Shop" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("Cancel it on the Billing page"),
    });
    await db.prisma.workspace.update({ where: { id: doomed }, data: { subscriptionStatus: "canceled" } });
    await expect(owner.caller.workspaces.delete({ workspaceId: doomed, confirmName: " Old Shop " })).resolves.toEqual({ ok: true });

    const remaining = await rowCounts(doomed);
    expect(remaining).toEqual({ conversations: 0, messages: 0, events: 0, llmUsage: 0, llmUsageLinked: 0, auditLogs: 0, bots: 0, flows: 0 });
    expect(await db.prisma.workspace.count({ where: { id: doomed } })).toBe(0);
    expect(await db.prisma.membership.count({ where: { workspaceId: doomed } })).toBe(0);
    expect(await rowCounts(workspaceA)).toEqual(beforeA);
    expect(await rowCounts(workspaceB)).toEqual(beforeB);
    expect(await db.prisma.auditLog.findFirst({ where: { action: "workspace.deleted", targetId: doomed } })).toMatchObject({ workspaceId: null });
    expect((await owner.caller.auth.me()).workspaces.map((w) => w.id)).not.toContain(doomed);
  });
});

describe("auth.deleteAccount", () => {
  it("refuses a wrong password and an account that alone owns a workspace others use", async () => {
    await expect(owner.caller.auth.deleteAccount({ password: "not the password" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.caller.auth.deleteAccount({ password: "owner has a long password" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining('"Tea Shop"'),
    });
    expect(await db.prisma.user.count({ where: { email: "owner@privacy-a.test" } })).toBe(1);
  });

  it("deletes the person, every session of theirs, their sign-in records and the workspaces only they used", async () => {
    const person = createTestBrowser(services);
    const solo = (await person.caller.auth.signUp({ email: "solo@privacy.test", password: "solo has a long password", name: "Sol" })).workspaceId;
    const otherDevice = createTestBrowser(services);
    await otherDevice.caller.auth.signIn({ email: "solo@privacy.test", password: "solo has a long password" });
    // Sol also helps in the tea shop as an agent.
    const invitation = await owner.caller.workspaces.invite({ workspaceId: workspaceA, email: "solo@privacy.test", role: "AGENT" });
    await person.caller.workspaces.acceptInvitation({ token: invitation.token });
    const userId = (await person.caller.auth.me()).user.id;
    const beforeA = await rowCounts(workspaceA);

    await db.prisma.workspace.update({ where: { id: solo }, data: { stripeSubscriptionId: "sub_solo_test", subscriptionStatus: "past_due" } });
    await expect(person.caller.auth.deleteAccount({ password: "solo has a long password" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await db.prisma.workspace.update({ where: { id: solo }, data: { stripeSubscriptionId: null, subscriptionStatus: "canceled" } });
    await expect(person.caller.auth.deleteAccount({ password: "solo has a long password" })).resolves.toEqual({ deletedWorkspaceIds: [solo], leftWorkspaceIds: [workspaceA] });
    expect(person.cookie.token).toBeNull();
    await expect(otherDevice.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db.prisma.user.count({ where: { id: userId } })).toBe(0);
    expect(await db.prisma.session.count({ where: { userId } })).toBe(0);
    expect(await db.prisma.membership.count({ where: { userId } })).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { userId, workspaceId: null } })).toBe(0);
    expect(await db.prisma.workspace.count({ where: { id: solo } })).toBe(0);
    expect(await rowCounts(workspaceA)).toEqual({ ...beforeA, auditLogs: beforeA.auditLogs + 1 });
    expect((await owner.caller.workspaces.members({ workspaceId: workspaceA })).map((m) => m.email)).not.toContain("solo@privacy.test");
  });
});
