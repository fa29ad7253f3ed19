import { createServer } from "node:http";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { setPlan, submitSignUpForm } from "./support/accounts";

// A wide window, as a shop owner drawing a flow would use.
test.use({ viewport: { width: 1600, height: 1000 } });

const FAQ_CSV = `question,answer
How long does shipping take?,Orders arrive within 2 to 4 working days.
Can I return my tea?,"Yes, unopened tea can be returned within 30 days for a full refund."`;
const ANSWER = "Orders arrive within 2 to 4 working days.";

function node(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

function link(page: Page, source: string, handle: string, target: string): Locator {
  return page.locator(`.react-flow__edge[data-id^="${source}-${handle}-${target}"]`);
}

/** Drags from an output handle to another card's input, the way a person draws a connection. */
async function drawLink(page: Page, source: string, handle: string, target: string) {
  const from = await node(page, source).locator(`.react-flow__handle[data-handleid="${handle}"]`).boundingBox();
  const to = await node(page, target).locator(".react-flow__handle.target").boundingBox();
  if (!from || !to) throw new Error(`cannot see ${source}.${handle} or ${target}`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function connect(page: Page, source: string, handle: string, target: string) {
  await drawLink(page, source, handle, target);
  await expect(link(page, source, handle, target)).toHaveCount(1);
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function dropFromPalette(page: Page, title: string, at: { x: number; y: number }) {
  const canvas = page.getByTestId("flow-canvas");
  await page.getByRole("navigation", { name: "Steps to add" }).getByRole("button", { name: new RegExp(`^${title}`) }).dragTo(canvas, { targetPosition: at });
}

test("a shop owner draws a flow, fixes what the badges say, tries it, publishes it and a customer gets the answer in the widget", async ({ page, context, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const shopName = `Builder Teas ${Date.now()}`;
  let flowUrl = "";

  await test.step("Olga signs up, creates a bot and gives it her FAQ", async () => {
    await page.goto("/signup");
    await submitSignUpForm(page, { name: "Olga", email: `builder-${Date.now()}@shop.test`, shopName });
    await page.getByLabel("Bot name").fill("Tea helper");
    await page.getByRole("button", { name: "Create bot" }).click();
    await page.getByRole("list", { name: "Bots" }).getByRole("link", { name: "Tea helper" }).click();
    await page.getByLabel("Source title").fill("Shop FAQ");
    await page.getByLabel("Paste FAQ (CSV or JSON)").fill(FAQ_CSV);
    await page.getByRole("button", { name: "Import FAQ" }).click();
    await expect(page.getByText("Imported 2 entries")).toBeVisible();
  });

  await test.step("on the Free plan the Flow tab offers the FAQ bot and an upgrade, not the canvas", async () => {
    await page.getByRole("link", { name: "Flow" }).click();
    await expect(page.getByRole("heading", { name: "Your FAQ bot" })).toBeVisible();
    await expect(page.getByText(/Starter plan/)).toBeVisible();
    await expect(page.getByTestId("flow-canvas")).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("0-free-plan-faq-bot.png") });
    // Importing the FAQ already made it live (version 1); saving the greeting publishes again.
    await page.getByRole("button", { name: /^(Set up the FAQ bot|Save and publish)$/ }).click();
    await expect(page.getByText(/Saved and live \(version \d+\)\./)).toBeVisible();
  });

  await test.step("after upgrading to Pro she finds her FAQ bot on the canvas, and starts a new flow", async () => {
    await setPlan(shopName, "PRO");
    await page.reload();
    await expect(node(page, "faq")).toBeVisible();
    await expect(page.getByLabel("Flow", { exact: true })).toHaveValue(/.+/);
    await page.getByRole("button", { name: "New flow" }).click();
    await expect(page.getByRole("heading", { name: "Start a flow" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("0-template-gallery.png") });
    await page.getByRole("button", { name: "Start blank" }).click();
    await expect(node(page, "start")).toBeVisible();
    await expect(page.getByText("All changes saved")).toBeVisible();
  });

  await test.step("the canvas has the window below the header; the steps list and the panel fold away", async () => {
    const canvas = page.getByTestId("flow-canvas");
    const viewport = page.viewportSize();
    const opened = await canvas.boundingBox();
    if (!opened || !viewport) throw new Error("no canvas");
    // The panel is folded until a step is clicked; the canvas runs to the bottom of the window.
    expect(opened.width).toBeGreaterThan(viewport.width * 0.7);
    expect(opened.y + opened.height).toBeGreaterThan(viewport.height - 40);
    await page.getByRole("button", { name: "Hide the steps" }).click();
    await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(opened.width + 100);
    await page.getByRole("button", { name: "Show the steps to add" }).click();
    await expect(page.getByRole("navigation", { name: "Steps to add" }).getByRole("button", { name: /^Message/ })).toBeVisible();
  });

  await test.step("she drags listen, intent, FAQ and handoff steps onto the canvas", async () => {
    const box = await page.getByTestId("flow-canvas").boundingBox();
    if (!box) throw new Error("no canvas");
    const cx = box.width / 2;
    const cy = box.height / 2;
    // The start card sits in the middle; the new steps go around it, clear of the mini map in the corner.
    await dropFromPalette(page, "Wait for a message", { x: cx - 250, y: cy - 190 });
    await dropFromPalette(page, "Recognise intent", { x: cx + 250, y: cy - 190 });
    await dropFromPalette(page, "Answer from knowledge base", { x: cx - 250, y: cy + 140 });
    await dropFromPalette(page, "Hand over to a person", { x: cx + 120, y: cy + 140 });
    for (const id of ["listen-1", "intent-1", "faq-1", "handoff-1"]) await expect(node(page, id)).toBeVisible();
    // Fresh steps are not connected yet: the FAQ card says so in a red badge.
    await expect(node(page, "faq-1").locator(".flow-node-badge")).toBeVisible();
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.screenshot({ path: testInfo.outputPath("1-steps-dropped.png") });
  });

  await test.step("she makes an intent for people who want a person, right in the side panel", async () => {
    // Clicking a step opens the folded panel on its settings.
    await node(page, "intent-1").click();
    const panel = page.getByRole("region", { name: "Settings of Recognise intent" });
    await panel.getByText("New intent").click();
    await panel.getByLabel("Intent name").fill("talk_to_person");
    await panel.getByLabel("Example sentences").fill(["I want to talk to a person", "can I speak to a human", "connect me with an agent", "real person please"].join("\n"));
    await panel.getByRole("button", { name: "Create intent" }).click();
    await expect(panel.getByRole("checkbox", { name: "talk_to_person" })).toBeChecked();
    // The template intent this bot does not have is flagged until she unticks it.
    await expect(node(page, "intent-1").locator(".flow-node-badge")).toHaveAttribute("title", /order_status/);
    // Unticked, an intent the bot does not have leaves the list altogether.
    await panel.getByRole("checkbox", { name: /order_status/ }).click();
    await expect(panel.getByRole("checkbox", { name: /order_status/ })).toHaveCount(0);
    await expect(node(page, "intent-1").locator('.react-flow__handle[data-handleid="talk_to_person"]')).toBeVisible();
    await expect(node(page, "intent-1").locator('.react-flow__handle[data-handleid="order_status"]')).toHaveCount(0);
  });

  await test.step("she connects the steps and the badges go away as each problem is fixed", async () => {
    await connect(page, "start", "next", "listen-1");
    await connect(page, "listen-1", "next", "intent-1");
    await connect(page, "intent-1", "talk_to_person", "handoff-1");
    await connect(page, "intent-1", "fallback", "faq-1");
    await connect(page, "faq-1", "answered", "listen-1");
    await expect(node(page, "faq-1").locator(".flow-node-badge")).toContainText(/not found/i);
    await connect(page, "faq-1", "notFound", "listen-1");
    await expect(node(page, "faq-1").locator(".flow-node-badge")).toHaveCount(0);
    await connect(page, "handoff-1", "resolved", "listen-1");
    await connect(page, "handoff-1", "returned", "listen-1");
    await page.getByRole("button", { name: "Tidy up" }).click();
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    // Each branch name hangs under its own output, in the card's words: two branches into one step never print over each other.
    const resolved = page.locator(".flow-edge-label", { hasText: /^resolved$/ });
    const returned = page.locator(".flow-edge-label", { hasText: /^returned$/ });
    await expect(page.locator(".flow-edge-label", { hasText: /^not found$/ })).toHaveCount(1);
    const [resolvedBox, returnedBox] = [await resolved.boundingBox(), await returned.boundingBox()];
    if (!resolvedBox || !returnedBox) throw new Error("no branch labels");
    expect(overlaps(resolvedBox, returnedBox)).toBe(false);
    // After a fit, the mini map sits on no step.
    const miniMap = await page.locator(".react-flow__minimap").boundingBox();
    if (!miniMap) throw new Error("no mini map");
    for (const card of await page.locator(".react-flow__node").all()) {
      const box = await card.boundingBox();
      if (box) expect(overlaps(box, miniMap)).toBe(false);
    }
    await page.getByRole("button", { name: /^Problems/ }).click();
    await expect(page.getByText("No problems: this flow is ready to publish.")).toBeVisible();
    await expect(page.locator(".flow-node-badge:not(.is-warning)")).toHaveCount(0);
    await expect(page.getByText("All changes saved")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("2-flow-connected.png") });
  });

  await test.step("drawing a second link from an output asks before the first one goes", async () => {
    await drawLink(page, "handoff-1", "resolved", "faq-1");
    const question = page.getByRole("dialog", { name: "Replace the link to “Wait for a message”?" });
    await expect(question).toContainText("The “resolved” output of “Hand over to a person” goes on to “Wait for a message”.");
    await page.screenshot({ path: testInfo.outputPath("2-replace-link-question.png") });
    await question.getByRole("button", { name: "Keep the current link" }).click();
    await expect(question).toHaveCount(0);
    await expect(link(page, "handoff-1", "resolved", "listen-1")).toHaveCount(1);
    await expect(link(page, "handoff-1", "resolved", "faq-1")).toHaveCount(0);
    await drawLink(page, "handoff-1", "resolved", "faq-1");
    await page.getByRole("dialog").getByRole("button", { name: "Replace the link" }).click();
    await expect(link(page, "handoff-1", "resolved", "faq-1")).toHaveCount(1);
    await expect(link(page, "handoff-1", "resolved", "listen-1")).toHaveCount(0);
    // One Ctrl+Z puts the old link back.
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+z");
    await expect(link(page, "handoff-1", "resolved", "listen-1")).toHaveCount(1);
    await expect(link(page, "handoff-1", "resolved", "faq-1")).toHaveCount(0);
    // Into a step that has links already, a link is simply added.
    await expect(page.locator('.react-flow__edge[data-id$="-listen-1"]')).toHaveCount(5);
  });

  await test.step("Ctrl+Z takes back a deleted step, and a problem shows in the list and on the card", async () => {
    await node(page, "handoff-1").click();
    await page.keyboard.press("Delete");
    await expect(node(page, "handoff-1")).toHaveCount(0);
    await page.getByRole("button", { name: /^Problems/ }).click();
    const problem = page.getByRole("region", { name: "Problems" }).getByRole("button").first();
    await expect(problem).toBeVisible();
    // Steps are called by their names on the canvas, never by ids such as "intent-1".
    await expect(problem).toContainText("The “talk_to_person” output of “Recognise intent” is not connected");
    await expect(page.getByRole("region", { name: "Problems" })).not.toContainText(/intent-1|listen-1|faq-1/);
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+z");
    await expect(node(page, "handoff-1")).toBeVisible();
    await expect(page.getByText("No problems: this flow is ready to publish.")).toBeVisible();
    // The palette works from the keyboard too: Enter adds a step in the middle of the view, Ctrl+Z removes it.
    await page.getByRole("navigation", { name: "Steps to add" }).getByRole("button", { name: /^End/ }).press("Enter");
    await expect(node(page, "end-1")).toBeFocused();
    await expect(node(page, "end-1").locator(".flow-node-badge")).toBeVisible();
    await page.keyboard.press("Control+z");
    await expect(node(page, "end-1")).toHaveCount(0);
    // Copy and paste a step with the keyboard; the copy arrives selected, and Delete removes it again.
    await node(page, "listen-1").click();
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect(node(page, "listen-2")).toHaveClass(/selected/);
    await page.keyboard.press("Delete");
    await expect(node(page, "listen-2")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Problems (0)" })).toBeVisible();
  });

  await test.step("she tries the flow in the test chat and the canvas follows the conversation", async () => {
    await page.getByRole("button", { name: "Test chat" }).click();
    const chat = page.getByRole("region", { name: "Test chat" });
    await expect(chat.getByRole("list", { name: "Messages" })).toContainText("How can I help you today?");
    await expect(node(page, "listen-1").locator(".flow-node")).toHaveClass(/is-active/);
    await chat.getByLabel("Message to the bot").fill("How long does shipping take?");
    await chat.getByLabel("Message to the bot").press("Enter");
    await expect(chat.getByRole("list", { name: "Messages" })).toContainText(ANSWER);
    await expect(node(page, "faq-1").locator(".flow-node")).toHaveClass(/was-visited/);
    await expect(node(page, "listen-1").locator(".flow-node")).toHaveClass(/is-active/);
    await page.screenshot({ path: testInfo.outputPath("3-test-chat.png") });
  });

  await test.step("she publishes with a note and sees the version", async () => {
    await page.getByRole("button", { name: "Publish…" }).click();
    await page.getByLabel("What changed? (optional)").fill("First flow: FAQ answers and a person on request");
    // Her FAQ bot is still what the widget runs; publishing switches to this flow unless she unticks it.
    await expect(page.getByLabel("Make this the flow your widget runs")).toBeChecked();
    await page.getByRole("button", { name: "Publish now" }).click();
    // It says who gets the new version: new conversations now, returning visitors after the bot's session timeout.
    await expect(page.getByText(/^Published version 1\. New conversations run it at once\..*after more than 30 minutes without writing/)).toBeVisible();
    await page.getByRole("button", { name: "Versions" }).click();
    const versions = page.getByRole("region", { name: "Versions" });
    await expect(versions.getByText("First flow: FAQ answers and a person on request")).toBeVisible();
    await versions.getByRole("button", { name: "View version 1" }).click();
    const viewer = page.getByRole("dialog", { name: "Version 1, read-only" });
    await expect(viewer.locator('.react-flow__node[data-id="faq-1"]')).toBeVisible();
    await expect(viewer.locator(".flow-node-badge")).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("4-version-read-only.png") });
    await viewer.getByRole("button", { name: "Compiled statechart" }).click();
    await expect(viewer).toContainText('"initial"');
    await viewer.getByRole("button", { name: "Close" }).click();
    await versions.getByRole("button", { name: "Statechart of version 1" }).click();
    await expect(page.getByRole("dialog", { name: "Version 1, read-only" })).toContainText('"initial"');
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    await page.screenshot({ path: testInfo.outputPath("4-published.png") });
    flowUrl = page.url();
  });

  await test.step("a customer on the shop's site asks through the widget and gets the flow's answer", async () => {
    await page.getByRole("link", { name: /Back to Bots/ }).click();
    const botKey = (await page.getByRole("list", { name: "Bots" }).locator("code").first().textContent())?.trim() ?? "";
    expect(botKey).toMatch(/^pk_/);
    // The shop lives on another origin: a tiny local web server (localhost origins are allowed outside production).
    const shopPage = `<!doctype html><html lang="en"><head><title>Olga's Teas</title></head><body><h1>Olga's Teas</h1><script src="${baseURL}/widget.js" data-bot="${botKey}" async></script></body></html>`;
    const shopServer = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(shopPage));
    await new Promise<void>((resolve) => shopServer.listen(0, "127.0.0.1", resolve));
    const address = shopServer.address();
    const shopOrigin = `http://localhost:${typeof address === "object" && address ? address.port : 0}`;
    const shop = await context.newPage();
    await shop.goto(`${shopOrigin}/`);
    await shop.getByRole("button", { name: /Open chat/ }).click();
    const log = shop.getByRole("log", { name: "Conversation" });
    await expect(log).toContainText("How can I help you today?");
    await shop.getByRole("textbox", { name: "Message" }).fill("How long does shipping take?");
    await shop.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(log).toContainText(ANSWER);
    await shop.screenshot({ path: testInfo.outputPath("5-widget.png") });
    // Something the shop's FAQ does not cover: the bot carries on, and the question is noted for Olga.
    await shop.getByRole("textbox", { name: "Message" }).fill("Do you sell gift cards?");
    await shop.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(log.getByText("Do you sell gift cards?")).toBeVisible();
    await new Promise((resolve) => shopServer.close(resolve));
  });

  await test.step("the Analytics tab shows the conversation and the question the bot could not answer", async () => {
    await page.goto(flowUrl);
    await page.getByRole("navigation", { name: /Sections of/ }).getByRole("link", { name: "Analytics" }).click();
    await expect(page.getByRole("heading", { name: "Analytics" })).toBeVisible();
    // The visitor's last turn may still be finishing: look again until it is counted.
    await expect(async () => {
      await page.reload();
      const unanswered = page.getByRole("region", { name: "Questions the bot could not answer" });
      await expect(unanswered.getByRole("listitem")).toHaveText([/Do you sell gift cards\?\D*1$/], { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    const cards = page.locator(".stat-cards");
    await expect(cards.locator(".stat-card", { hasText: "Conversations" }).locator("strong")).toHaveText("1");
    await expect(cards.locator(".stat-card", { hasText: "Visitor messages" }).locator("strong")).toHaveText("2");
    await expect(page.getByRole("region", { name: "What the flow's steps decided" })).toContainText("Not in the knowledge base");
    await page.screenshot({ path: testInfo.outputPath("6-analytics.png") });
  });

  await test.step("with the flow open in two tabs, a save in one is never silently overwritten by the other", async () => {
    await page.goto(flowUrl);
    await expect(node(page, "start")).toBeVisible();
    const otherTab = await context.newPage();
    await otherTab.goto(flowUrl);
    await node(otherTab, "start").click();
    await otherTab.getByLabel("Greeting").fill("Hello from the other tab!");
    await expect(page.getByText("This flow was just saved from another tab.")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "changed in another tab" })).toBeVisible();
    await page.getByRole("button", { name: "Reload the saved version" }).click();
    await expect(node(page, "start")).toContainText("Hello from the other tab!");
    await expect(page.getByText("All changes saved")).toBeVisible();
    await otherTab.close();
  });
});
