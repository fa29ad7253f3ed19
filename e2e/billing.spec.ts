import { expect, test } from "@playwright/test";
import { setPlan, submitSignUpForm } from "./support/accounts";

test("a shop owner checks the plan and this month's messages; an admin does not see billing", async ({ page, browser }) => {
  const stamp = Date.now();
  const shop = `Billing Teas ${stamp}`;
  await page.goto("/signup");
  await submitSignUpForm(page, { name: "Bea", email: `owner-billing-${stamp}@shop.test`, shopName: shop });
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
  await setPlan(shop, "PRO");
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
  await submitSignUpForm(admin, { name: "Ada", email: `admin-billing-${stamp}@shop.test` });
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
