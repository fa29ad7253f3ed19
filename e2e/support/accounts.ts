import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Browser, BrowserContextOptions, Page } from "@playwright/test";

// Shop owners and their workspaces, set up the way the specs' stories need
// them: through the dashboard's own API calls, the admin CLI and the sign-up
// form. Not a spec itself (the name does not end in .spec.ts).

/** The suite's server (playwright.config.ts starts it on E2E_PORT). */
export const base = `http://localhost:${process.env["E2E_PORT"] ?? ""}`;

const runFile = promisify(execFile);

/** A dashboard call as the owner's browser makes it (same origin, session cookie); returns the session cookie the server set, if any. */
export async function call<T>(procedure: string, input: unknown, cookie = "", server = base): Promise<{ data: T; cookie: string }> {
  const response = await fetch(`${server}/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", origin: server, cookie }, body: JSON.stringify(input) });
  const json = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!json.result) throw new Error(`${procedure}: ${json.error?.message ?? response.status}`);
  return { data: json.result.data, cookie: response.headers.get("set-cookie")?.split(";")[0] ?? cookie };
}

/**
 * Moves a workspace (by id or name) to a plan. The e2e server runs on an
 * embedded database in E2E_DATA_DIR; the admin CLI reaches it the same way an
 * operator would. A spec that runs its own server passes its data folder.
 */
export async function setPlan(workspace: string, plan: string, options: { dataDir?: string } = {}): Promise<void> {
  const dataDir = options.dataDir ?? process.env["E2E_DATA_DIR"] ?? "";
  await runFile("node_modules/.bin/tsx", ["apps/server/src/admin.ts", "set-plan", workspace, plan], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" },
  });
}

/** Signs an owner up through the API and puts the new workspace on `plan`. */
export async function signUpOwner(options: { email: string; password: string; name: string; workspaceName: string; plan: string }): Promise<{ workspaceId: string; cookie: string }> {
  const { plan, ...account } = options;
  const signedUp = await call<{ workspaceId: string }>("auth.signUp", account);
  await setPlan(signedUp.data.workspaceId, plan);
  return { workspaceId: signedUp.data.workspaceId, cookie: signedUp.cookie };
}

/** Creates a bot whose "Main" flow, from the greeting-router template, is published; returns the bot. */
export async function publishGreetingBot(options: { workspaceId: string; name: string; cookie: string; server?: string }): Promise<{ id: string; publicKey: string }> {
  const { workspaceId, name, cookie, server = base } = options;
  const bot = await call<{ id: string; publicKey: string }>("bots.create", { workspaceId, name }, cookie, server);
  const flow = await call<{ id: string }>("flows.create", { workspaceId, botId: bot.data.id, name: "Main", templateId: "greeting-router" }, cookie, server);
  await call("flows.publish", { workspaceId, flowId: flow.data.id }, cookie, server);
  return bot.data;
}

/** A page in a fresh browser context that carries the owner's session cookie. */
export async function openSignedInPage(browser: Browser, cookie: string, contextOptions: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, ...contextOptions });
  const [name, value = ""] = cookie.split("=");
  await context.addCookies([{ name: name ?? "cw_session", value, url: base }]);
  return context.newPage();
}

/** Fills in and sends the sign-up form the page shows; without `shopName` (an invited person) the form has no shop field. */
export async function submitSignUpForm(page: Page, options: { name: string; email: string; shopName?: string }): Promise<void> {
  await page.getByLabel("Your name").fill(options.name);
  await page.getByLabel("Email").fill(options.email);
  await page.getByLabel("Password").fill("a long shop password");
  if (options.shopName) await page.getByLabel("Shop name").fill(options.shopName);
  await page.getByRole("button", { name: "Sign up" }).click();
}
