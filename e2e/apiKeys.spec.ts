import { expect, test } from "@playwright/test";
import { base, call, openSignedInPage, signUpOwner } from "./support/accounts";

// An Enterprise shop connects its help desk: the owner creates an API key in
// Settings, the help desk asks the FAQ bot a question through the workflow
// API, and when the integration is retired the owner revokes the key. The
// owner also gives the workspace its own OpenRouter key, which is never shown
// again. A Pro workspace sees what Enterprise would add instead.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const password = "a long api keys password";
let workspaceId = "";
let botId = "";
let sessionCookie = "";

const api = (path: string, key: string, body?: unknown) =>
  fetch(`${base}/api/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

test.beforeAll(async () => {
  ({ workspaceId, cookie: sessionCookie } = await signUpOwner({ email: "owner@apikeys.test", password, name: "Ines", workspaceName: "Ines' Lamps", plan: "ENTERPRISE" }));
  botId = (await call<{ id: string }>("bots.create", { workspaceId, name: "Lamp helper" }, sessionCookie)).data.id;
  const faq = "question,answer\n\"Do you ship to Canada?\",\"Yes, we ship to Canada in 5 to 8 days.\"";
  await call("knowledge.importFaq", { workspaceId, botId, title: "FAQ", fileName: "faq.csv", content: faq }, sessionCookie);
  await call("flows.setupFaqBot", { workspaceId, botId, greeting: "Hello from Ines' Lamps!" }, sessionCookie);
});

test("the owner creates an API key, the help desk chats through it, and the owner revokes it", async ({ browser }) => {
  const page = await openSignedInPage(browser, sessionCookie);
  await page.goto(`/w/${workspaceId}/bots`);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByText("No API keys yet.")).toBeVisible();

  await page.getByRole("textbox", { name: "Key name" }).fill("Help desk");
  await page.getByRole("button", { name: "Create API key" }).click();
  const shown = page.getByRole("textbox", { name: "New API key" });
  await expect(shown).toHaveValue(/^cw_live_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  const key = await shown.inputValue();
  await expect(page.getByText("this is the only time Chatwright shows it")).toBeVisible();
  const row = page.getByRole("row", { name: /Help desk/ });
  await expect(row).toContainText(key.slice(0, 16));
  await expect(row).toContainText("Never");

  // The help desk, on its own server.
  const started = await api(`/bots/${botId}/conversations`, key, { visitorId: "helpdesk:ticket-88" });
  expect(started.status).toBe(201);
  const { conversationId } = (await started.json()) as { conversationId: string };
  const turn = await api(`/conversations/${conversationId}/messages`, key, { text: "Do you ship to Canada?", clientMessageId: "ticket-88-1" });
  expect(((await turn.json()) as { replies: { text: string }[] }).replies[0]?.text).toContain("we ship to Canada");

  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(shown).toBeHidden();
  await page.reload();
  await expect(page.getByRole("row", { name: /Help desk/ })).not.toContainText("Never");
  expect(await page.content()).not.toContain(key);

  await page.getByRole("button", { name: "Revoke Help desk" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke “Help desk”?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row", { name: /Help desk/ })).toContainText("Revoked");
  const refused = await api(`/conversations/${conversationId}/messages`, key);
  expect(refused.status).toBe(401);
});

test("the owner sets the workspace's own OpenRouter key and only its last four characters are ever shown", async ({ browser }) => {
  const page = await openSignedInPage(browser, sessionCookie);
  await page.goto(`/w/${workspaceId}/settings`);
  await expect(page.getByText("Not set: the server's key is used.")).toBeVisible();
  const secret = "fake-or-key-e2e-own-key-1234567890wxyz";
  await page.getByLabel("OpenRouter API key").fill(secret);
  await page.getByRole("button", { name: "Save key" }).click();
  await expect(page.getByText("ends with …wxyz")).toBeVisible();
  await page.reload();
  await expect(page.getByText("ends with …wxyz")).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await page.getByRole("button", { name: "Remove key" }).click();
  await page.getByRole("dialog", { name: "Remove your OpenRouter key?" }).getByRole("button", { name: "Remove key" }).click();
  await expect(page.getByText("Not set: the server's key is used.")).toBeVisible();
});

test("a Pro workspace sees what Enterprise adds instead of the keys", async ({ browser }) => {
  const pro = await signUpOwner({ email: "owner@pro-keys.test", password, name: "Pablo", workspaceName: "Pablo's Pots", plan: "PRO" });
  const page = await openSignedInPage(browser, pro.cookie);
  await page.goto(`/w/${pro.workspaceId}/settings`);
  await expect(page.getByRole("heading", { name: "API keys, webhooks and your own AI key are Enterprise features" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);
});
