import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { base, call, openSignedInPage, publishGreetingBot, signUpOwner } from "./support/accounts";

// A shop owner gets an email: "what do you store about me? Then delete it."
// They find the visitor by the email the visitor gave the bot, download the
// visitor's data, erase it, set how long chats are kept, then take a copy of
// the workspace and delete it.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const email = "owner@privacy.test";
const password = "a long privacy password";
const visitorEmail = "vera@visitor.test";
let workspaceId = "";
let sessionCookie = "";

test.beforeAll(async () => {
  ({ workspaceId, cookie: sessionCookie } = await signUpOwner({ email, password, name: "Priya", workspaceName: "Priya's Teas", plan: "PRO" }));
  const bot = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie: sessionCookie });
  // A visitor chats from a page on localhost (allowed outside production) and tells the bot their email.
  const visitorId = "v_privacy_e2e_0123456789";
  const opened = await call<{ conversationId: string }>("widget.init", { botKey: bot.publicKey, visitorId, conversationId: null, visitor: { name: "Vera", email: visitorEmail } });
  await call("widget.send", { botKey: bot.publicKey, visitorId, conversationId: opened.data.conversationId, clientMessageId: "cmid_privacy_e2e_1", text: "my parcel 4711 is late" });
});

test("an owner answers a visitor's access and erasure request, then exports and deletes the workspace", async ({ browser }) => {
  const page = await openSignedInPage(browser, sessionCookie, { acceptDownloads: true });
  await page.goto(`/w/${workspaceId}/bots`);
  await page.getByRole("link", { name: "Privacy" }).click();
  await expect(page.getByRole("heading", { name: "Privacy", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Privacy" })).toHaveAttribute("aria-current", "page");

  await page.getByRole("textbox", { name: "Visitor id, email or words" }).fill(visitorEmail);
  await page.getByRole("button", { name: "Find visitor" }).click();
  const row = page.getByRole("row", { name: /v_privacy_e2e_0123456789/ });
  await expect(row).toContainText("Tea helper");
  await expect(row).toContainText("email or name they gave");

  const downloading = page.waitForEvent("download");
  await row.getByRole("button", { name: /Download the data of visitor/ }).click();
  const visitorFile = await downloading;
  expect(visitorFile.suggestedFilename()).toBe("visitor-v_privacy_e2e_0123456789.json");
  const visitorExport = JSON.parse(await readFile((await visitorFile.path()) ?? "", "utf8")) as { conversations: { variables: unknown; messages: { text: string }[] }[] };
  expect(visitorExport.conversations).toHaveLength(1);
  expect(visitorExport.conversations[0]?.variables).toMatchObject({ visitor_email: visitorEmail });
  expect(visitorExport.conversations[0]?.messages.map((m) => m.text)).toContain("my parcel 4711 is late");

  await row.getByRole("button", { name: /Erase visitor/ }).click();
  const confirm = page.getByRole("dialog", { name: "Erase this visitor's data?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Erase for good" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Erased visitor v_privacy_e2e_0123456789: 1 conversation" })).toBeVisible();
  await page.getByRole("button", { name: "Find visitor" }).click();
  await expect(page.getByText(`No visitor in this workspace matches “${visitorEmail}”.`)).toBeVisible();

  // Keep chats of this bot for 30 days after their last message.
  await page.getByRole("textbox", { name: "Tea helper: delete conversations after (days)" }).fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved. Conversations are deleted 30 days after their last message.")).toBeVisible();

  const exporting = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download workspace data" }).click();
  const workspaceFile = await exporting;
  const workspaceExport = JSON.parse(await readFile((await workspaceFile.path()) ?? "", "utf8")) as { workspace: { name: string }; bots: { name: string }[]; conversations: unknown[] };
  expect(workspaceExport.workspace.name).toBe("Priya's Teas");
  expect(workspaceExport.bots.map((b) => b.name)).toEqual(["Tea helper"]);
  expect(workspaceExport.conversations).toEqual([]);

  await page.getByRole("button", { name: "Delete workspace…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Priya's Teas”?" });
  const deleteButton = dialog.getByRole("button", { name: "Delete workspace" });
  await dialog.getByRole("textbox", { name: "Type the workspace name to confirm" }).fill("Priya's teas");
  await expect(deleteButton).toBeDisabled();
  await dialog.getByRole("textbox", { name: "Type the workspace name to confirm" }).fill("Priya's Teas");
  await deleteButton.click();
  await expect(page).not.toHaveURL(new RegExp(workspaceId));
  const me = (await (await fetch(`${base}/trpc/auth.me`, { headers: { cookie: sessionCookie } })).json()) as { result: { data: { workspaces: unknown[] } } };
  expect(me.result.data.workspaces).toEqual([]);
  await page.context().close();
});
