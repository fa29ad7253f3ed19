import { expect, test } from "@playwright/test";

test("a shop owner signs up, creates a bot, signs out, signs back in and finds the bot", async ({ page }) => {
  const email = `owner-${Date.now()}@shop.test`;
  const password = "a long shop password";

  await page.goto("/");
  await page.getByRole("link", { name: /sign up/i }).click();
  await page.getByLabel("Your name").fill("Olga");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Shop name").fill("Olga's Teas");
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page.getByRole("combobox", { name: "Workspace" })).toBeVisible();
  await page.getByLabel("Bot name").fill("Tea helper");
  await page.getByRole("button", { name: "Create bot" }).click();
  const bots = page.getByRole("list", { name: "Bots" });
  await expect(bots.getByText("Tea helper")).toBeVisible();
  // The owner sees what AI replies cost this month: nothing yet.
  const usage = page.getByRole("region", { name: /AI usage in/ });
  await expect(usage).toContainText("No AI replies yet this month");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("the wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("list", { name: "Bots" }).getByText("Tea helper")).toBeVisible();
});
