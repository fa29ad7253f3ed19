import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { call, publishGreetingBot, setPlan } from "./support/accounts";

// This story needs a server it can stop and start again, so it runs its own
// (not the suite's webServer), with localhost origins NOT allowed by default:
// the shop is on one local port, a stranger's site on another.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const dataDir = mkdtempSync(path.join(tmpdir(), "cw-e2e-widget-"));
let port = 0;
let base = "";
let server: ChildProcess | null = null;
let shop: http.Server;
let stranger: http.Server;
let shopOrigin = "";
let strangerOrigin = "";
let botKey = "";

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

async function startServer(): Promise<void> {
  const child = spawn("node_modules/.bin/tsx", ["apps/server/src/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn", ALLOW_LOCALHOST_ORIGINS: "0", DEMO_SHOP: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Open the dashboard:")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`The server exited (${code}) before it was ready:\n${output}`)));
  });
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  server = null;
}

/** A shop page whose CSS is hostile on purpose; the widget must look the same anyway. */
function shopPage(title: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>* { color: red !important; font-size: 40px !important; font-family: "Comic Sans MS", cursive !important; } div { display: block; border: 5px dashed lime !important; } button { background: yellow; }</style>
</head><body><h1>${title}</h1><button class="buy">Buy now</button><a href="/other">Other page</a>
<script src="${base}/widget.js" data-bot="${botKey}" async></script></body></html>`;
}

async function serveShop(): Promise<http.Server> {
  const site = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(shopPage(req.url === "/other" ? "Other page" : "Tea shop"));
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  return site;
}

const widget = (page: Page) => ({
  launcher: page.getByRole("button", { name: /Open chat/ }),
  log: page.getByRole("log", { name: "Conversation" }),
  input: page.getByRole("textbox", { name: "Message" }),
  messages: page.locator("chatwright-widget .msg:not(.sending)"),
});

test.beforeAll(async () => {
  port = await freePort();
  base = `http://localhost:${port}`;
  await startServer();
  const signedUp = await call<{ workspaceId: string }>("auth.signUp", { email: "owner@tea.test", password: "a long tea password", name: "Olga", workspaceName: "Olga's Teas" }, "", base);
  await stopServer();
  await setPlan(signedUp.data.workspaceId, "PRO", { dataDir });
  await startServer();
  const { cookie } = await call("auth.signIn", { email: "owner@tea.test", password: "a long tea password" }, "", base);
  const { workspaceId } = signedUp.data;
  const bot = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie, server: base });
  botKey = bot.publicKey;
  shop = await serveShop();
  stranger = await serveShop();
  shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
  strangerOrigin = `http://localhost:${(stranger.address() as AddressInfo).port}`;
  await call(
    "bots.updateWidgetSettings",
    {
      workspaceId,
      botId: bot.id,
      allowedOrigins: [shopOrigin],
      theme: { primaryColor: "#0f766e", position: "right", title: "Tea help", greeting: "Ask us about tea", avatarUrl: null },
      whiteLabel: false,
    },
    cookie,
    base,
  );
});

test.afterAll(async () => {
  await stopServer();
  shop?.close();
  stranger?.close();
});

test("a shop visitor chats with the published flow and finds the conversation again on another page and after a reload", async ({ page }) => {
  await page.goto(shopOrigin);
  const w = widget(page);
  await w.launcher.click();
  await expect(page.getByRole("dialog", { name: "Tea help" })).toBeVisible();
  await expect(w.messages.first()).toContainText("I can help with orders, returns, shipping and product advice");
  await expect(w.input).toBeFocused();
  await w.input.fill("how long does shipping take");
  await w.input.press("Enter");
  await expect(w.messages).toHaveCount(3);
  await expect(w.messages.nth(1)).toHaveText(/You: how long does shipping take/);
  await expect(w.messages.nth(2)).toHaveClass(/BOT/);

  // The shop's CSS does not reach into the widget...
  await expect(w.messages.nth(2)).toHaveCSS("color", "rgb(17, 24, 39)");
  await expect(w.messages.nth(2)).toHaveCSS("font-size", "14px");
  await expect(w.messages.nth(2)).not.toHaveCSS("border-top-style", "dashed");
  await expect(page.locator("chatwright-widget .launcher")).toHaveCSS("background-color", "rgb(15, 118, 110)");
  // The widget's own reset does not undo its element styles either: the header and the Send button carry the theme colour...
  await expect(page.locator("chatwright-widget header")).toHaveCSS("background-color", "rgb(15, 118, 110)");
  await expect(page.getByRole("button", { name: "Send" })).toHaveCSS("background-color", "rgb(15, 118, 110)");
  // ...and what is hidden stays hidden (no typing dots once the bot has answered).
  await expect(page.locator("chatwright-widget .typing")).toBeHidden();
  // ...and the widget's CSS does not reach the shop.
  await expect(page.locator("button.buy")).toHaveCSS("background-color", "rgb(255, 255, 0)");
  await expect(page.locator("h1")).toHaveCSS("color", "rgb(255, 0, 0)");

  // Keyboard: Escape closes and gives focus back to the launcher.
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(w.launcher).toBeFocused();
  await w.launcher.click();

  await page.getByRole("link", { name: "Other page" }).click();
  await expect(page.locator("h1")).toHaveText("Other page");
  await expect(widget(page).messages).toHaveCount(3);
  await page.reload();
  await expect(widget(page).messages).toHaveCount(3);
  await expect(widget(page).messages.nth(1)).toHaveText(/how long does shipping take/);
});

test("the server restarts mid-conversation; the widget reconnects and nothing is lost or shown twice", async ({ page }) => {
  await page.goto(shopOrigin);
  const w = widget(page);
  await w.launcher.click();
  await expect(w.messages).toHaveCount(1);
  await w.input.fill("how long does shipping take");
  await w.input.press("Enter");
  await expect(w.messages).toHaveCount(3);
  await stopServer();
  await expect(page.getByText("Connection lost. Reconnecting…")).toBeVisible();
  await w.input.fill("do you ship abroad");
  await w.input.press("Enter");
  await expect(page.locator("chatwright-widget .msg.sending")).toHaveText(/do you ship abroad/);

  await startServer();
  await expect(w.messages).toHaveCount(5, { timeout: 30_000 });
  await expect(page.locator("chatwright-widget .msg.sending")).toHaveCount(0);
  await expect(page.getByText("Connection lost. Reconnecting…")).toBeHidden();
  await expect(w.messages.filter({ hasText: "do you ship abroad" })).toHaveCount(1);

  // And the server stored it once: a fresh page view shows the same five.
  await w.input.fill("talk to a person");
  await w.input.press("Enter");
  await expect(w.messages).toHaveCount(7);
  await page.reload();
  await expect(widget(page).messages).toHaveCount(7);
  await expect(widget(page).messages.filter({ hasText: "do you ship abroad" })).toHaveCount(1);
});

test("a page on a website the bot does not allow gets no widget and no conversation", async ({ page }) => {
  const warnings: string[] = [];
  page.on("console", (message) => warnings.push(message.text()));
  await page.goto(strangerOrigin);
  await expect.poll(() => warnings.join("\n")).toContain("is not allowed to use this bot");
  await expect(page.locator("chatwright-widget")).toHaveCount(0);
  const status = await page.evaluate(
    async ({ base, botKey }) => {
      const response = await fetch(`${base}/trpc/widget.init`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ botKey, visitorId: "visitor_stranger_01234567", conversationId: null }) });
      return response.status;
    },
    { base, botKey },
  );
  expect(status).toBe(403);
});

test("the demo shop page works right after start", async ({ page }) => {
  await page.goto(`${base}/demo`);
  await widget(page).launcher.click();
  await expect(widget(page).messages.first()).toContainText("I can help with orders");
});
