import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { call, openSignedInPage, publishGreetingBot, signUpOwner } from "./support/accounts";

// A shop owner who uses a screen reader, or only a keyboard, or sees low
// contrast poorly, goes through the product: the demo shop's chat widget,
// closed and open, and each main screen of the dashboard. axe checks every
// one; serious and critical problems fail the story.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const email = "ines@accessible.test";
const password = "an accessible shop password";
let workspaceId = "";
let botId = "";
let cookie = "";

/** Runs axe on the page as it is (the widget's shadow DOM included) and lists what a person would be stopped by; returns how many elements inside shadow roots axe checked. */
async function expectNoSeriousViolations(page: Page, screen: string): Promise<number> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const report = blocking.map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(" ")).join("\n    ")}`);
  expect.soft(report, `axe on ${screen}`).toEqual([]);
  // axe names an element inside a shadow root by a list of selectors, the host's first.
  return results.passes.flatMap((rule) => rule.nodes).filter((node) => Array.isArray(node.target[0])).length;
}

test.beforeAll(async () => {
  ({ workspaceId, cookie } = await signUpOwner({ email, password, name: "Inès", workspaceName: "Inès' Teas", plan: "PRO" }));
  const bot = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie });
  botId = bot.id;
  // A few visitors, so the inbox and analytics have something to show: one asks for a person, one asks what the bot does not know and rates it.
  for (const [index, texts] of [["talk to a person"], ["do you sell gift cards"], ["how long does delivery take"]].entries()) {
    const visitorId = `visitor_a11y_${index}_0123456789`;
    const opened = await call<{ conversationId: string }>("widget.init", { botKey: bot.publicKey, visitorId, conversationId: null });
    for (const [n, text] of texts.entries()) {
      await call("widget.send", { botKey: bot.publicKey, visitorId, conversationId: opened.data.conversationId, clientMessageId: `a11y-${index}-${n}-message`, text });
    }
    await call("widget.rate", { botKey: bot.publicKey, visitorId, conversationId: opened.data.conversationId, rating: 5 - index, comment: index === 1 ? "It did not know about gift cards." : null });
  }
});

test("the chat widget on the demo shop, closed and open", async ({ page }) => {
  await page.goto("/demo");
  const launcher = page.getByRole("button", { name: /Open chat/ });
  await expect(launcher).toBeVisible();
  // The launcher and the panel are in the widget's shadow root: axe must have looked inside it.
  expect(await expectNoSeriousViolations(page, "the demo shop with the widget closed")).toBeGreaterThan(0);

  await launcher.click();
  await expect(page.locator("chatwright-widget .msg").first()).toContainText("I can help with orders");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
  expect(await expectNoSeriousViolations(page, "the demo shop with the widget open")).toBeGreaterThan(10);
});

test("signing in and signing up", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectNoSeriousViolations(page, "the sign-in page");
  await page.goto("/signup");
  await expect(page.getByRole("button", { name: "Sign up" })).toBeVisible();
  await expectNoSeriousViolations(page, "the sign-up page");
});

test("the dashboard's main screens", async ({ browser }) => {
  const page = await openSignedInPage(browser, cookie);
  const screens: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
    { name: "bots", path: `/w/${workspaceId}/bots`, ready: (p) => expect(p.getByRole("link", { name: "Tea helper" }).first()).toBeVisible() },
    { name: "the flow builder", path: `/w/${workspaceId}/bots/${botId}/flow`, ready: (p) => expect(p.locator(".react-flow__node").first()).toBeVisible() },
    { name: "knowledge", path: `/w/${workspaceId}/bots/${botId}/knowledge`, ready: (p) => expect(p.getByRole("heading", { level: 2 }).first()).toBeVisible() },
    { name: "analytics", path: `/w/${workspaceId}/bots/${botId}/analytics`, ready: (p) => expect(p.getByRole("heading", { name: "Conversations per day" })).toBeVisible() },
    { name: "billing", path: `/w/${workspaceId}/billing`, ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
    { name: "settings", path: `/w/${workspaceId}/settings`, ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
  ];
  for (const screen of screens) {
    await page.goto(screen.path);
    await screen.ready(page);
    await expectNoSeriousViolations(page, screen.name);
  }

  // The builder with a step's settings open beside the canvas.
  await page.goto(`/w/${workspaceId}/bots/${botId}/flow`);
  await page.locator(".react-flow__node").nth(2).click();
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(1);
  await expectNoSeriousViolations(page, "a step's settings in the flow builder");

  await page.goto(`/w/${workspaceId}/inbox`);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expectNoSeriousViolations(page, "the inbox");
  await page.getByRole("list", { name: "Conversations" }).getByRole("button").first().click();
  await expect(page.getByRole("button", { name: /Claim/ })).toBeVisible();
  await expectNoSeriousViolations(page, "a conversation in the inbox");
});
