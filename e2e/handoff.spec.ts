import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { base, call, openSignedInPage, publishGreetingBot, signUpOwner } from "./support/accounts";

// A visitor on a shop page and an agent in the dashboard, in two browser
// contexts, talk through a handoff: the visitor asks for a person, the agent
// sees it arrive live, claims it, replies, and gives it back to the bot.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const email = "agent-owner@handoff.test";
const password = "a long handoff password";
let shop: http.Server;
let shopOrigin = "";
let botKey = "";
let workspaceId = "";
let sessionCookie = "";

const widget = (page: Page) => ({
  launcher: page.getByRole("button", { name: /Open chat/ }),
  input: page.getByRole("textbox", { name: "Message" }),
  messages: page.locator("chatwright-widget .msg:not(.sending)"),
});

test.beforeAll(async () => {
  ({ workspaceId, cookie: sessionCookie } = await signUpOwner({ email, password, name: "Hana", workspaceName: "Hana's Teas", plan: "PRO" }));
  const bot = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie: sessionCookie });
  botKey = bot.publicKey;
  shop = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Tea shop</title></head><body><h1>Tea shop</h1><script src="${base}/widget.js" data-bot="${botKey}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
  await call(
    "bots.updateWidgetSettings",
    { workspaceId, botId: bot.id, allowedOrigins: [shopOrigin], theme: { primaryColor: "#0f766e", position: "right", title: "Tea help", greeting: "Ask us about tea", avatarUrl: null }, whiteLabel: false },
    sessionCookie,
  );
});

test.afterAll(() => {
  shop?.close();
});

test("a visitor asks for a person; the agent claims, replies live, and returns the conversation to the bot", async ({ browser }) => {
  // The agent opens the inbox first, so they are online when the visitor asks.
  const agent = await openSignedInPage(browser, sessionCookie);
  await agent.goto(`/w/${workspaceId}/inbox`);
  await expect(agent.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(agent.getByRole("link", { name: "Inbox" })).toHaveAttribute("aria-current", "page");
  const conversations = agent.getByRole("list", { name: "Conversations" });
  await expect(conversations).toContainText("No conversations here.");

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(shopOrigin);
  const w = widget(visitor);
  await w.launcher.click();
  await expect(w.messages.first()).toContainText("I can help with orders");
  await w.input.fill("I want to talk to a person");
  await w.input.press("Enter");
  await expect(w.messages.last()).toContainText("I'm passing you to a member of our team");

  // It shows up in the agent's Waiting queue without a reload: a name a person can say (the visitor gave none), what they asked, how long they wait.
  const row = conversations.getByRole("button", { name: /Tea helper/ });
  await expect(row).toBeVisible();
  const visitorName = (await row.locator(".inbox-row-name").textContent()) ?? "";
  expect(visitorName).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  await expect(row.locator(".inbox-row-preview")).toHaveText("I want to talk to a person");
  await expect(row).toContainText(/Waiting (now|\d+ min)/);
  await expect(row).toContainText("1 unread");
  await row.click();
  await expect(agent.getByRole("heading", { name: visitorName })).toBeVisible();
  const transcript = agent.getByRole("list", { name: "Transcript" });
  await expect(transcript).toContainText("I want to talk to a person");
  await expect(agent.getByRole("complementary", { name: "What the bot knows" })).toContainText("Talk to human");
  // The visitor on the left, the bot on the right.
  const visitorLine = await transcript.locator(".from-visitor .message-text").first().boundingBox();
  const botLine = await transcript.locator(".role-bot .message-text").first().boundingBox();
  if (!visitorLine || !botLine) throw new Error("no transcript lines");
  expect(visitorLine.x).toBeLessThan(botLine.x);
  expect(botLine.x + botLine.width).toBeGreaterThan(visitorLine.x + visitorLine.width);
  await agent.screenshot({ path: test.info().outputPath("inbox-waiting.png") });

  // Waiting for a person: Claim is the one primary action; once it is hers, the reply box has the focus.
  await expect(agent.getByLabel("Reply to visitor")).toHaveCount(0);
  await agent.getByRole("button", { name: "Claim" }).click();
  await expect(agent.getByLabel("Status")).toHaveText("With you");
  await expect(agent.getByLabel("Reply to visitor")).toBeFocused();
  await agent.getByLabel("Reply to visitor").fill("Hi, this is Hana. How can I help?");
  await agent.getByRole("button", { name: "Send reply" }).click();
  await expect(transcript).toContainText("Hi, this is Hana. How can I help?");

  // The visitor sees the reply live, marked as from a person.
  const agentMessage = visitor.locator("chatwright-widget .msg.AGENT");
  await expect(agentMessage).toContainText("Hi, this is Hana. How can I help?");

  await agent.getByRole("button", { name: "Internal note" }).click();
  await agent.getByLabel("Internal note").fill("Regular customer, be generous");
  await agent.getByRole("button", { name: "Add note" }).click();
  await expect(transcript).toContainText("Regular customer, be generous");

  await w.input.fill("Where is my parcel?");
  await w.input.press("Enter");
  await expect(transcript).toContainText("Where is my parcel?");
  await expect(row.locator(".inbox-row-preview")).toHaveText("Where is my parcel?");
  await agent.screenshot({ path: test.info().outputPath("inbox-mine.png") });

  await agent.getByRole("button", { name: "Return to bot" }).click();
  await expect(agent.getByLabel("Status")).toHaveText("With the bot");

  // Back with the bot: the flow continues from the handoff's "returned" output and answers again.
  await w.input.fill("how long does delivery take");
  await w.input.press("Enter");
  await expect(w.messages.last()).toHaveClass(/BOT/);
  await expect(w.messages.last()).not.toContainText("how long does delivery take");
  await expect(visitor.locator("chatwright-widget")).not.toContainText("Regular customer");

  await agent.context().close();
  await visitorContext.close();
});
