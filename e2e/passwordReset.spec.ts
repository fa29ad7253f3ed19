import { expect, test } from "@playwright/test";
import { call } from "./support/accounts";

// The e2e server has no SMTP_URL and is not in production: its emails land in the dev mailbox.
test("a shop owner who forgot her password resets it from the sign-in page through the emailed link, then signs in with the new one", async ({ page }) => {
  const email = `forgetful-${Date.now()}@shop.test`;
  await call("auth.signUp", { email, password: "the password I forgot", name: "Fern", workspaceName: "Fern's Ferns" });

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${email} has a Chatwright account, we have emailed it a link`);

  // Her inbox, on a laptop without a mail server: the dev mailbox.
  await page.goto("/dev/mailbox");
  const message = page.getByRole("listitem").filter({ hasText: `To ${email}` });
  await expect(message.getByText("Reset your Chatwright password")).toBeVisible();
  const link = message.getByRole("link", { name: /\/reset-password\// });
  const resetUrl = await link.getAttribute("href");
  expect(resetUrl).toMatch(/^http:\/\/localhost:\d+\/reset-password\/[\w-]{40,}$/);
  await link.click();

  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("fern fronds in the morning");
  await page.getByLabel("New password again").fill("fern fronds in the evening");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert")).toContainText("The two passwords are not the same");
  await page.getByLabel("New password again").fill("fern fronds in the morning");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password is changed.")).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("the password I forgot");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await page.getByLabel("Password").fill("fern fronds in the morning");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("combobox", { name: "Workspace" })).toBeVisible();

  // The link worked once; opened again, it says so and offers a new one.
  await page.goto(resetUrl ?? "/");
  await expect(page.getByRole("alert")).toContainText("This link is invalid, already used or expired");
  await expect(page.getByRole("link", { name: "Get a new link" })).toBeVisible();
});
