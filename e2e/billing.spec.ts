import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";

/** The e2e server runs on an embedded database in E2E_DATA_DIR; the admin CLI reaches it the same way an operator would. */
function setPlan(workspaceName: string, plan: string) {
  execFileSync("node_modules/.bin/tsx", ["apps/server/src/admin.ts", "set-plan", workspaceName, plan], {
    env: { ...process.env, DATA_DIR: process.env["E2E_DATA_DIR"] ?? "", DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: "pipe",
  });
}

async function signUp(page: Page, options: { name: string; email: string; shop?: string }) {
  await page.getByLabel("Your name").fill(options.name);
  await page.getByLabel("Email").fill(options.email);
  await page.getByLabel("Password").fill("a long shop password");
  if (options.shop) await page.getByLabel("Shop name").fill(options.shop);
  await page.getByRole("button", { name: "Sign up" }).click();
}

test("a shop owner checks the plan and this month's messages; an admin does not see billing", async ({ page, browser }) => {
  const stamp = Date.now();
  const shop = `Billing Teas ${stamp}`;
  await page.goto("/signup");
  await signUp(page, { name: "Bea", email: `owner-billing-${stamp}@shop.test`, shop });
  await expect(page.getByRole("combobox", { name: "Workspace" })).toBeVisible();

  // The owner finds Billing in the main navigation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByTestId("billing-plan")).toHaveText("Free");
  await expect(page.getByTestId("billing-usage")).toContainText(/^0 of 500 visitor messages in /);
  // This server has no STRIPE_SECRET_KEY: the page says so instead of offering buttons that cannot work.
  await expect(page.getByTestId("billing-not-configured")).toContainText("Billing is not configured on this server");
  await expect(page.getByRole("button", { name: /Upgrade to/ })).toHaveCount(0);

  // The operator moves the shop to Pro: unlimited messages.
  setPlan(shop, "PRO");
  await page.reload();
  await expect(page.getByTestId("billing-plan")).toHaveText("Pro");
  await expect(page.getByTestId("billing-usage")).toContainText("unlimited on this plan");

  // An admin of the same shop has no Billing link, and the page itself tells them it is the owner's.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email").fill(`admin-billing-${stamp}@shop.test`);
  await page.getByLabel("Role").selectOption("ADMIN");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(link);
  await admin.getByRole("link", { name: "Create an account" }).click();
  await signUp(admin, { name: "Ada", email: `admin-billing-${stamp}@shop.test` });
  await admin.getByRole("button", { name: "Accept invitation" }).click();
  const nav = admin.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
  await admin.getByRole("combobox", { name: "Workspace" }).selectOption({ label: shop });
  await expect(nav.getByRole("link", { name: "Bots" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Billing" })).toHaveCount(0);
  const workspaceUrl = new URL(admin.url());
  const workspaceId = workspaceUrl.pathname.split("/")[2] ?? "";
  await admin.goto(`/w/${workspaceId}/billing`);
  await expect(admin.getByText("Only the owner of this workspace can see and change its plan.")).toBeVisible();
  await adminContext.close();
});
