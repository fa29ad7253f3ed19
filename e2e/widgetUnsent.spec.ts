import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { base, call, publishGreetingBot, signUpOwner } from "./support/accounts";

// A visitor's message that the server refuses for good (here: it holds a NUL
// character, which the database cannot store) is marked "not sent" with
// Retry and Delete, and never holds up what the visitor writes next — not
// even after a reload.
test.describe.configure({ mode: "serial", timeout: 120_000 });

let shop: http.Server;
let shopOrigin = "";
let botKey = "";

const widget = (page: Page) => ({
  launcher: page.getByRole("button", { name: /Open chat/ }),
  input: page.getByRole("textbox", { name: "Message" }),
  /** Stored messages (not the ones still sending or refused). */
  delivered: page.locator("chatwright-widget .msg:not(.sending):not(.failed)"),
  unsent: page.locator("chatwright-widget .msg.failed"),
  retry: page.getByRole("button", { name: /^Retry sending/ }),
  remove: page.getByRole("button", { name: /^Delete unsent message/ }),
});

/** Types text the keyboard cannot (a NUL) into the message box, then sends it with Enter as a visitor would. */
async function sendRaw(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const box = document.querySelector("chatwright-widget")?.shadowRoot?.querySelector("textarea");
    if (!box) throw new Error("The widget's message box is not on the page.");
    box.value = value;
  }, text);
  await widget(page).input.press("Enter");
}

const outbox = (page: Page) => page.evaluate((key) => localStorage.getItem(`cw:${key}:outbox`), botKey);

test.beforeAll(async () => {
  const { workspaceId, cookie } = await signUpOwner({ email: "owner@unsent.test", password: "a long unsent password", name: "Uma", workspaceName: "Uma's Teas", plan: "PRO" });
  const bot = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie });
  botKey = bot.publicKey;
  shop = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tea shop</title></head>
<body style="font-family: Georgia, serif; background: #f5efe6"><h1>Uma's Teas</h1><p>Loose-leaf teas, shipped weekly.</p>
<script src="${base}/widget.js" data-bot="${botKey}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
  await call(
    "bots.updateWidgetSettings",
    { workspaceId, botId: bot.id, allowedOrigins: [shopOrigin], theme: { primaryColor: "#0f766e", position: "right", title: "Tea help", greeting: "Ask us about tea", avatarUrl: null }, whiteLabel: false },
    cookie,
  );
});

test.afterAll(() => {
  shop?.close();
});

test("a refused message is marked not sent with retry and delete; the next message is answered, and nothing is stuck after a reload", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(shopOrigin);
  const w = widget(page);
  await w.launcher.click();
  await expect(w.delivered.first()).toContainText("I can help with orders");

  await sendRaw(page, "my order number is 42\u0000");
  await expect(w.unsent).toHaveCount(1);
  await expect(w.unsent).toContainText("my order number is 42");
  await expect(w.unsent).toContainText("Not sent.");
  await expect(w.unsent).toContainText("contains characters that cannot be stored");
  await expect(w.retry).toBeVisible();
  await expect(w.remove).toBeVisible();
  // Not an alarm for the whole chat: the message carries its own reason.
  await expect(page.locator("chatwright-widget .alert")).toBeEmpty();

  // The visitor carries on; the refused message does not hold this one up.
  await w.input.fill("how long does shipping take");
  await w.input.press("Enter");
  await expect(w.delivered).toHaveCount(3);
  await expect(w.delivered.nth(1)).toHaveText(/how long does shipping take/);
  await expect(w.delivered.nth(2)).toHaveClass(/BOT/);
  await expect(w.unsent).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("widget-not-sent-1280x800.png") });

  // Retry by keyboard: the server refuses it again, and it comes back as not sent.
  await w.retry.focus();
  await page.keyboard.press("Enter");
  await expect(w.input).toBeFocused();
  await expect(w.unsent).toHaveCount(1);
  await expect(w.retry).toBeVisible();

  // A reload shows it still not sent (and does not send it again); the chat goes on.
  await page.reload();
  await expect(w.delivered).toHaveCount(3);
  await expect(w.unsent).toHaveCount(1);
  await w.input.fill("do you ship abroad");
  await w.input.press("Enter");
  await expect(w.delivered).toHaveCount(5);
  await expect(page.locator("chatwright-widget .msg.sending")).toHaveCount(0);

  // Delete by keyboard (on a phone): it is gone, here and from the outbox, for good.
  await page.setViewportSize({ width: 390, height: 844 });
  await w.remove.focus();
  await expect(w.remove).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("widget-not-sent-390x844.png") });
  await page.keyboard.press("Enter");
  await expect(w.unsent).toHaveCount(0);
  await expect(w.input).toBeFocused();
  expect(await outbox(page)).toBeNull();
  await page.reload();
  await expect(w.delivered).toHaveCount(5);
  await expect(w.unsent).toHaveCount(0);
  await expect(w.delivered.filter({ hasText: "my order number is 42" })).toHaveCount(0);
  expect(await outbox(page)).toBeNull();
});
