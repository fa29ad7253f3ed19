import { expect, test } from "@playwright/test";
import { countActions } from "./support/countActions";

// Issue #14: a shop owner goes from sign-up to her own FAQ answered in her own bot's widget
// in at most 10 actions, on the Free plan, with no website of her own.
test.use({ viewport: { width: 1280, height: 800 } });

const QUESTION = "Do you ship to Norway?";
const ANSWER = "Yes, parcels to Norway arrive within 5 working days.";

test("a new owner signs up, gives her first bot one answer, and gets it from her bot's widget in at most 10 actions", async ({ page, context }, testInfo) => {
  const actions = countActions();

  await test.step("Nora signs up: name, email and password are marked required; the shop name is optional", async () => {
    await page.goto("/signup");
    await expect(page.getByText("Fields marked * are required.")).toBeVisible();
    await actions.type(page.getByLabel("Your name"), "Nora", "her name");
    await actions.type(page.getByLabel("Email"), `onboarding-${Date.now()}@shop.test`, "her email");
    await actions.type(page.getByLabel("Password"), "a long shop password", "a password");
    await actions.click(page.getByRole("button", { name: "Sign up" }), "Sign up");
  });

  await test.step("her empty Bots page asks for the first bot and its first answers in one form", async () => {
    await expect(page.getByRole("heading", { name: "Create your first bot" })).toBeVisible();
    // A name is suggested; she keeps it.
    await expect(page.getByLabel("Bot name")).toHaveValue("Help desk");
    await page.screenshot({ path: testInfo.outputPath("1-first-bot-form.png") });
    await actions.type(page.getByRole("textbox", { name: "Question 1", exact: true }), QUESTION, "her question");
    await actions.type(page.getByRole("textbox", { name: "Answer 1", exact: true }), ANSWER, "her answer");
    await actions.click(page.getByRole("button", { name: "Create bot" }), "Create bot");
    await expect(page.getByRole("heading", { name: "“Help desk” is live" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Bots" }).getByText("Live v1")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("2-bot-is-live.png") });
  });

  const tryPage = await test.step("“Try your bot” opens the bot's own page with its widget open", async () => {
    const opened = context.waitForEvent("page");
    await actions.click(page.getByRole("region", { name: "“Help desk” is live" }).getByRole("link", { name: "Try your bot" }), "Try your bot");
    const tab = await opened;
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toMatch(/^\/try\/pk_/);
    await expect(tab.getByRole("textbox", { name: "Message" })).toBeVisible();
    return tab;
  });

  await test.step("she asks her question the way a customer would and her own answer comes back", async () => {
    const message = tryPage.getByRole("textbox", { name: "Message" });
    await actions.type(message, "do you ship to norway", "the question in the widget");
    await actions.press(message, "Enter", "the widget");
    await expect(tryPage.getByRole("log", { name: "Conversation" })).toContainText(ANSWER);
    await tryPage.screenshot({ path: testInfo.outputPath("3-answered-on-try-page.png") });
  });

  await testInfo.attach("actions", { body: `${actions.count} actions:\n${actions.log.join("\n")}`, contentType: "text/plain" });
  console.log(`onboarding: ${actions.count} actions — ${actions.log.join("; ")}`);
  expect(actions.count).toBeLessThanOrEqual(10);
});
