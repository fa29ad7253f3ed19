import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { base, call, publishGreetingBot, signUpOwner } from "./support/accounts";

// How the widget looks, pinned by screenshots (issue #14): closed, open,
// mid-conversation, after a handoff, on a phone, on either side of the page
// with the shop's own colour, and on a page whose CSS is hostile on purpose —
// which must not change a single pixel of the widget.
// Baselines: e2e/widgetLooks.spec.ts-snapshots/ (regenerate with --update-snapshots, then look at them).
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: "reduce", colorScheme: "light", locale: "en-US", timezoneId: "UTC" });

const HOSTILE_CSS = `* { all: unset; font: 30px serif !important; background: red !important; color: lime !important; border: 6px dashed blue !important; padding: 20px !important; margin: 10px !important; }
div, section, chatwright-widget { display: block !important; position: static !important; width: 50px !important; height: 50px !important; transform: rotate(3deg) !important; filter: invert(1) !important; opacity: .5 !important; }
button, textarea { all: unset !important; font-size: 50px !important; }`;

let shop: http.Server;
let shopOrigin = "";
/** Theme colour #0f766e, bottom-right. */
let rightKey = "";
/** A custom colour (#9333ea), bottom-left. */
let leftKey = "";

const screenshotOptions = { animations: "disabled", caret: "hide", scale: "css" } as const;
/**
 * For shots of the widget alone: the shop's page, which shows in the panel's
 * and launcher's rounded corners (and, on the hostile page, renders its own
 * <head> and <style> elements as red text), is blanked for the shot on the
 * plain and the hostile page alike, so only the widget's own pixels count.
 * This style cannot reach into the widget's shadow root. (toHaveScreenshot
 * takes a stylePath, not an inline style.)
 */
const blankShopPage = path.join(mkdtempSync(path.join(tmpdir(), "cw-e2e-looks-")), "blank-shop-page.css");
writeFileSync(blankShopPage, "head, style, script { display: none !important; } body > :not(chatwright-widget) { visibility: hidden !important; } html, body { background: #fff !important; border: 0 !important; }");
const widgetShot = { ...screenshotOptions, stylePath: blankShopPage } as const;

const widget = (page: Page) => ({
  launcher: page.getByRole("button", { name: /Open chat/ }),
  panel: page.locator("chatwright-widget .panel"),
  input: page.getByRole("textbox", { name: "Message" }),
  messages: page.locator("chatwright-widget .msg:not(.sending)"),
});

/** The shop's page with the widget of `botKey`; with `hostile`, its CSS tries its worst on everything (before the widget loads). */
async function openShop(page: Page, botKey: string, options: { hostile?: boolean } = {}): Promise<void> {
  await page.goto(`${shopOrigin}/?bot=${botKey}${options.hostile ? "&hostile=1" : ""}`);
  await expect(widget(page).launcher).toBeVisible();
  await settle(page);
}

/** Fonts loaded, nothing sending, no streamed draft or typing dots left, nothing "connecting". */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expect(page.locator("chatwright-widget .msg.sending")).toHaveCount(0);
  await expect(page.locator("chatwright-widget .msg[aria-hidden='true']")).toHaveCount(0);
  await expect(page.locator("chatwright-widget .typing")).toBeHidden();
  await expect(page.locator("chatwright-widget .note")).not.toHaveText(/Connecting|Reconnecting/);
  await page.waitForLoadState("networkidle").catch(() => undefined);
}

async function openWidget(page: Page): Promise<void> {
  const w = widget(page);
  await w.launcher.click();
  await expect(w.panel).toBeVisible();
  await expect(w.messages.first()).toContainText("I can help with orders");
  await expect(w.input).toBeFocused();
  await settle(page);
}

/** Sends a message and waits until the bot's reply (`expected`) is complete. */
async function ask(page: Page, text: string, expected: RegExp | string, count: number): Promise<void> {
  const w = widget(page);
  await w.input.fill(text);
  await w.input.press("Enter");
  await expect(w.messages).toHaveCount(count);
  await expect(w.messages.last()).toContainText(expected);
  await settle(page);
}

test.beforeAll(async () => {
  const { workspaceId, cookie } = await signUpOwner({ email: "owner@looks.test", password: "a long looks password", name: "Lena", workspaceName: "Lena's Teas", plan: "PRO" });
  const right = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie });
  const left = await publishGreetingBot({ workspaceId, name: "Tea helper left", cookie });
  // The demo shop's FAQ (the greeting-router template's starter knowledge, as /demo's bot has it), for the bot that answers here.
  const demoFaq = [
    ["What is your return policy?", "You can return any unused item within 30 days of delivery for a full refund."],
    ["How long does shipping take?", "Orders ship within 1 working day and arrive in 2-4 working days in the EU."],
    ["Do you ship internationally?", "Yes, we ship to 40 countries. International delivery takes 5-10 working days."],
  ];
  const faq = ["question,answer", ...demoFaq.map((row) => row.map((cell) => `"${cell}"`).join(","))].join("\n");
  await call("knowledge.importFaq", { workspaceId, botId: right.id, title: "Demo shop FAQ", fileName: "faq.csv", content: faq }, cookie);
  rightKey = right.publicKey;
  leftKey = left.publicKey;
  shop = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://shop");
    const hostile = url.searchParams.get("hostile") === "1";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tea shop</title>
${hostile ? `<style>${HOSTILE_CSS}</style>` : ""}</head>
<body style="margin: 0; padding: 24px; font-family: Georgia, serif; background: #f5efe6"><h1>Lena's Teas</h1><p>Loose-leaf teas, shipped weekly.</p>
<script src="${base}/widget.js" data-bot="${url.searchParams.get("bot") ?? ""}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const settings = (botId: string, primaryColor: string, position: "left" | "right", title: string) => ({
    workspaceId,
    botId,
    allowedOrigins: [shopOrigin],
    theme: { primaryColor, position, title, greeting: "Ask us about tea", avatarUrl: null },
    whiteLabel: false,
  });
  await call("bots.updateWidgetSettings", settings(right.id, "#0f766e", "right", "Tea help"), cookie);
  await call("bots.updateWidgetSettings", settings(left.id, "#9333ea", "left", "Shop help"), cookie);
});

test.afterAll(() => {
  shop?.close();
});

test("closed, open, mid-conversation and handoff, bottom-right", async ({ page }) => {
  const w = widget(page);
  await openShop(page, rightKey);
  await expect(w.launcher).toHaveScreenshot("closed-launcher.png", widgetShot);
  await expect(page).toHaveScreenshot("page-bottom-right-closed.png", screenshotOptions);

  await openWidget(page);
  await expect(w.panel).toHaveScreenshot("open-greeting.png", widgetShot);
  await expect(page).toHaveScreenshot("page-bottom-right-open.png", screenshotOptions);

  await ask(page, "how long does shipping take", "Orders ship within 1 working day", 3);
  await expect(w.messages.last()).toHaveClass(/BOT/);
  await expect(w.panel).toHaveScreenshot("mid-conversation.png", widgetShot);

  // The demo flow's "talk to a person" route (no agent is online here: the offline answer).
  await ask(page, "I want to talk to a person", /our team/i, 5);
  await expect(w.panel).toHaveScreenshot("handoff.png", widgetShot);
});

test("bottom-left with a custom colour", async ({ page }) => {
  const w = widget(page);
  await openShop(page, leftKey);
  await expect(w.launcher).toHaveCSS("background-color", "rgb(147, 51, 234)");
  await expect(page).toHaveScreenshot("page-bottom-left-custom-colour-closed.png", screenshotOptions);
  await openWidget(page);
  await expect(page).toHaveScreenshot("page-bottom-left-custom-colour-open.png", screenshotOptions);
  await expect(w.panel).toHaveScreenshot("custom-colour-open.png", widgetShot);
});

test("on a phone (390×844) the open widget fills the screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const w = widget(page);
  await openShop(page, rightKey);
  await expect(page).toHaveScreenshot("phone-closed.png", screenshotOptions);
  await openWidget(page);
  await ask(page, "how long does shipping take", "Orders ship within 1 working day", 3);
  await expect(page).toHaveScreenshot("phone-mid-conversation.png", screenshotOptions);
  await expect(w.panel).toBeInViewport({ ratio: 1 });
});

test("a page with hostile CSS does not change how the widget looks", async ({ page }) => {
  const w = widget(page);
  await openShop(page, rightKey, { hostile: true });
  // The hostile rules did apply to the shop's own page...
  await expect(page.locator("h1")).toHaveCSS("background-color", "rgb(255, 0, 0)");
  // ...and the widget is pixel for pixel the one on a plain page (the same baselines).
  await expect(w.launcher).toHaveScreenshot("closed-launcher.png", widgetShot);
  await openWidget(page);
  await expect(w.panel).toHaveScreenshot("open-greeting.png", widgetShot);
  await ask(page, "how long does shipping take", "Orders ship within 1 working day", 3);
  await expect(w.panel).toHaveScreenshot("mid-conversation.png", widgetShot);
  await expect(page).toHaveScreenshot("page-hostile-css-open.png", screenshotOptions);
});
