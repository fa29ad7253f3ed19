import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices } from "@chatwright/flow";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import { createRateLimiter, DEFAULT_WIDGET_RATE_LIMITS } from "../widget/rateLimits";
import type { ApiServices } from "../context";
import { setWorkspacePlan } from "../workspaces/workspaces";
import type { WidgetEvent } from "../widget/widget";

const SHOP = "https://tea-shop.test";
const visitorId = "visitor_0123456789abcdef";

let db: MigratedTestDatabase;
let services: ApiServices;
let owner: TestBrowser;
let workspaceId: string;
let botId: string;
let botKey: string;

const visitorFrom = (origin: string | null, ip = "203.0.113.7") =>
  createTestBrowser(services, { origin, selfOrigin: "https://app.chatwright.test", fetchSite: origin ? "cross-site" : null, ip }).caller;

async function messageCount(conversationId: string) {
  return db.prisma.message.count({ where: { conversationId } });
}

beforeAll(async () => {
  db = await createTestDatabase();
  services = createTestServices(db);
  owner = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "widget@shop.test", password: "widget password 1", name: "Wanda" })).workspaceId;
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  const bot = await owner.caller.bots.create({ workspaceId, name: "Shop helper" });
  botId = bot.id;
  botKey = bot.publicKey;
  const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Main", templateId: "greeting-router" });
  await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
  await owner.caller.bots.updateWidgetSettings({
    workspaceId,
    botId,
    allowedOrigins: ["https://Tea-Shop.test/"],
    theme: { primaryColor: "#116644", position: "left", title: "Tea help", greeting: "Ask us anything", avatarUrl: null },
    whiteLabel: false,
  });
});
afterAll(async () => {
  await db.close();
});

describe("widget settings", () => {
  it("normalises allowed origins, refuses junk by name, and keeps white-label for Enterprise", async () => {
    const settings = await owner.caller.bots.widgetSettings({ workspaceId, botId });
    expect(settings).toMatchObject({ publicKey: botKey, allowedOrigins: [SHOP], whiteLabel: false, canWhiteLabel: false, theme: { title: "Tea help" } });
    const junk = await owner.caller.bots
      .updateWidgetSettings({ workspaceId, botId, allowedOrigins: ["tea-shop.test/path"], theme: settings.theme, whiteLabel: false })
      .catch((e: unknown) => e);
    expect(junk).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining('"tea-shop.test/path"') });
    const white = await owner.caller.bots.updateWidgetSettings({ workspaceId, botId, allowedOrigins: [SHOP], theme: settings.theme, whiteLabel: true }).catch((e: unknown) => e);
    expect(white).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((await owner.caller.bots.widgetSettings({ workspaceId, botId })).allowedOrigins).toEqual([SHOP]);
  });
});

describe("widget router", () => {
  it("refuses every procedure from a page that is not on the allowed origins, and pages without an Origin", async () => {
    const opened = await visitorFrom(SHOP).widget.init({ botKey, visitorId, conversationId: null });
    for (const caller of [visitorFrom("https://evil.test"), visitorFrom(null), visitorFrom("http://localhost:5173")]) {
      const calls = [
        caller.widget.config({ botKey }),
        caller.widget.init({ botKey, visitorId, conversationId: null }),
        caller.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_refused_1", text: "hi" }),
        caller.widget.rate({ botKey, visitorId, conversationId: opened.conversationId, rating: 5 }),
        caller.widget.subscribe({ botKey, visitorId, conversationId: opened.conversationId }),
      ];
      for (const call of calls) await expect(call).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("not allowed to use this bot") });
    }
    expect(await messageCount(opened.conversationId)).toBe(1);
  });

  it("lets localhost in only when development allows it", async () => {
    const dev = createTestBrowser({ ...services, widget: { ...services.widget, allowLocalhostOrigins: true } }, { origin: "http://localhost:5173", fetchSite: "cross-site" });
    await expect(dev.caller.widget.config({ botKey })).resolves.toMatchObject({ hasPublishedFlow: true });
  });

  it("says clearly when the bot key is unknown", async () => {
    await expect(visitorFrom(SHOP).widget.config({ botKey: "pk_nope" })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("No bot has this key") });
  });

  it("gives the theme, starts a conversation with the greeting, resumes it, and starts over", async () => {
    const shop = visitorFrom(SHOP);
    const config = await shop.widget.config({ botKey });
    expect(config).toEqual({ theme: { primaryColor: "#116644", position: "left", title: "Tea help", greeting: "Ask us anything", avatarUrl: null }, whiteLabel: false, hasPublishedFlow: true });
    const first = await shop.widget.init({ botKey, visitorId: "visitor_resume_0123456789", conversationId: null, visitor: { name: "Ada" } });
    expect(first).toMatchObject({ isNew: true, status: "BOT", lastSeq: 1, messages: [{ seq: 1, role: "BOT", text: expect.stringContaining("Hi Ada!") }] });
    const again = await shop.widget.init({ botKey, visitorId: "visitor_resume_0123456789", conversationId: first.conversationId });
    expect(again).toMatchObject({ isNew: false, conversationId: first.conversationId, messages: first.messages });
    // Another visitor cannot resume it by guessing the id: they get their own conversation.
    const stranger = await shop.widget.init({ botKey, visitorId: "visitor_stranger_012345678", conversationId: first.conversationId });
    expect(stranger.conversationId).not.toBe(first.conversationId);
    const over = await shop.widget.init({ botKey, visitorId: "visitor_resume_0123456789", conversationId: null });
    expect(over.isNew).toBe(true);
  });

  it("refuses a bot without a published flow", async () => {
    const bare = await owner.caller.bots.create({ workspaceId, name: "Bare" });
    await db.prisma.bot.update({ where: { id: bare.id }, data: { allowedOrigins: [SHOP] } });
    await expect(visitorFrom(SHOP).widget.init({ botKey: bare.publicKey, visitorId, conversationId: null })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("This bot has no published flow yet"),
    });
  });

  it("answers a message once even when it is sent twice with the same clientMessageId", async () => {
    const shop = visitorFrom(SHOP);
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    const input = { botKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_dup_0001", text: "how long does shipping take" };
    const sent = await shop.widget.send(input);
    expect(sent.messages.map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
    const resent = await shop.widget.send(input);
    expect(resent.messages).toEqual(sent.messages);
    expect(await messageCount(opened.conversationId)).toBe(3);
  });

  it("refuses an oversize message and changes nothing", async () => {
    const shop = visitorFrom(SHOP);
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    const refused = shop.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_big_0001", text: "x".repeat(4001) });
    await expect(refused).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("limited to 4000 characters") });
    expect(await messageCount(opened.conversationId)).toBe(1);
  });

  it("refuses a message Postgres cannot store (a NUL, half an emoji) before the flow runs: nothing stored, counted or run, and the next message goes through", async () => {
    let turnsRun = 0;
    const counting = createTestServices(db, {
      servicesFor: () => {
        turnsRun += 1;
        return createKeywordServices();
      },
    });
    const shop = createTestBrowser(counting, { origin: SHOP, fetchSite: "cross-site", ip: "198.51.100.40" }).caller;
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    const counted = async () => (await db.prisma.usageCounter.findMany({ where: { workspaceId } })).reduce((sum, row) => sum + row.visitorMessages, 0);
    const [messagesBefore, countedBefore, turnsBefore] = [await messageCount(opened.conversationId), await counted(), turnsRun];
    const poison = ["order\u0000 42", "thanks \ud83d", "\udc4d great", "\u0000"];
    for (const [n, text] of poison.entries()) {
      const refused = shop.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_poison_${n}`, text });
      await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("The message contains characters that cannot be stored") });
    }
    expect(await messageCount(opened.conversationId)).toBe(messagesBefore);
    expect(await counted()).toBe(countedBefore);
    expect(turnsRun).toBe(turnsBefore);
    // A whole emoji is fine, and the conversation goes on.
    const sent = await shop.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: "cmid_after_poison", text: "how long does shipping take 👍" });
    expect(sent.messages.map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
    expect(sent.messages[0]?.text).toBe("how long does shipping take 👍");
  });

  it("refuses unstorable text in the visitor's name and in a rating comment", async () => {
    const shop = visitorFrom(SHOP);
    await expect(shop.widget.init({ botKey, visitorId: "visitor_nul_name_0123456", conversationId: null, visitor: { name: "Ada\u0000" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("cannot be stored"),
    });
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    await expect(shop.widget.rate({ botKey, visitorId, conversationId: opened.conversationId, rating: 5, comment: "great\ud800" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.prisma.conversationEvent.count({ where: { conversationId: opened.conversationId, type: "rating" } })).toBe(0);
  });

  it("rate-limits a visitor with a clear error and stores nothing", async () => {
    const limited = { ...services, widget: { ...services.widget, limiter: createRateLimiter(), limits: { ...DEFAULT_WIDGET_RATE_LIMITS, visitor: { limit: 2, windowMs: 60_000 } } } };
    const shop = createTestBrowser(limited, { origin: SHOP, fetchSite: "cross-site", ip: "198.51.100.9" }).caller;
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    const send = (n: number) => shop.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_rate_${n}000`, text: `hello ${n}` });
    await send(1);
    await send(2);
    const before = await messageCount(opened.conversationId);
    await expect(send(3)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("sending messages too quickly") });
    expect(await messageCount(opened.conversationId)).toBe(before);
  });

  it("rate-limits per IP and per bot too", async () => {
    const perIp = { ...services, widget: { ...services.widget, limiter: createRateLimiter(), limits: { ...DEFAULT_WIDGET_RATE_LIMITS, ip: { limit: 1, windowMs: 60_000 } } } };
    const ipCaller = createTestBrowser(perIp, { origin: SHOP, fetchSite: "cross-site", ip: "198.51.100.10" }).caller;
    const a = await ipCaller.widget.init({ botKey, visitorId: "visitor_ip_a_0123456789", conversationId: null });
    const b = await ipCaller.widget.init({ botKey, visitorId: "visitor_ip_b_0123456789", conversationId: null });
    await ipCaller.widget.send({ botKey, visitorId: "visitor_ip_a_0123456789", conversationId: a.conversationId, clientMessageId: "cmid_ip_a_01", text: "hi" });
    await expect(
      ipCaller.widget.send({ botKey, visitorId: "visitor_ip_b_0123456789", conversationId: b.conversationId, clientMessageId: "cmid_ip_b_01", text: "hi" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });

    const perBot = { ...services, widget: { ...services.widget, limiter: createRateLimiter(), limits: { ...DEFAULT_WIDGET_RATE_LIMITS, bot: { limit: 1, windowMs: 60_000 } } } };
    const one = createTestBrowser(perBot, { origin: SHOP, fetchSite: "cross-site", ip: "198.51.100.11" }).caller;
    const two = createTestBrowser(perBot, { origin: SHOP, fetchSite: "cross-site", ip: "198.51.100.12" }).caller;
    await one.widget.send({ botKey, visitorId: "visitor_ip_a_0123456789", conversationId: a.conversationId, clientMessageId: "cmid_bot_a_1", text: "hi" });
    await expect(
      two.widget.send({ botKey, visitorId: "visitor_ip_b_0123456789", conversationId: b.conversationId, clientMessageId: "cmid_bot_b_1", text: "hi" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("very busy") });
  });

  it("subscription replays what was missed after lastEventId, then streams live events without repeats", async () => {
    const shop = visitorFrom(SHOP);
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    const send = (n: number, text: string) => shop.widget.send({ botKey, visitorId, conversationId: opened.conversationId, clientMessageId: `cmid_sub_${n}0000`, text });
    await send(1, "how long does shipping take"); // seq 2 visitor, 3 bot
    const stream = await shop.widget.subscribe({ botKey, visitorId, conversationId: opened.conversationId, lastEventId: "1" });
    const received: { id?: string; event: WidgetEvent }[] = [];
    const reading = (async () => {
      for await (const value of stream) {
        const item = value as unknown;
        if (Array.isArray(item)) received.push({ id: String(item[0]), event: item[1] as WidgetEvent });
        else received.push({ event: item as WidgetEvent });
        if (received.filter((r) => r.event.type === "message").length >= 4) break;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await send(2, "do you ship abroad"); // seq 4 visitor, 5 bot
    await reading; // leaving the loop returns the generator, which unsubscribes
    const messages = received.filter((r) => r.event.type === "message");
    expect(messages.map((r) => r.id)).toEqual(["2", "3", "4", "5"]);
    expect(messages.map((r) => (r.event.type === "message" ? r.event.message.role : null))).toEqual(["VISITOR", "BOT", "VISITOR", "BOT"]);
  });

  it("stores a rating", async () => {
    const shop = visitorFrom(SHOP);
    const opened = await shop.widget.init({ botKey, visitorId, conversationId: null });
    await expect(shop.widget.rate({ botKey, visitorId, conversationId: opened.conversationId, rating: 4, comment: "quick" })).resolves.toEqual({ ok: true });
    const event = await db.prisma.conversationEvent.findFirst({ where: { conversationId: opened.conversationId, type: "rating" } });
    expect(event?.data).toEqual({ rating: 4, comment: "quick" });
    await expect(shop.widget.rate({ botKey, visitorId: "visitor_other_0123456789", conversationId: opened.conversationId, rating: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
