import { expect, test } from "@playwright/test";
import { submitSignUpForm } from "./support/accounts";

const FAQ_CSV = `question,answer
How long does shipping take?,Orders arrive within 2 to 4 working days.
Can I return my tea?,"Yes, unopened tea can be returned within 30 days for a full refund."
Do you sell gift cards?,Gift cards from 10 to 100 euros are in the shop under Gifts.`;

test("a shop owner teaches a bot three answers and two intents, and checks it understands customers", async ({ page }) => {
  await test.step("Olga signs up and creates her bot", async () => {
    await page.goto("/signup");
    await submitSignUpForm(page, { name: "Olga", email: `knowledge-${Date.now()}@shop.test`, shopName: "Olga's Teas" });

    await page.getByLabel("Bot name").fill("Tea helper");
    await page.getByRole("button", { name: "Create bot" }).click();
    await page.getByRole("list", { name: "Bots" }).getByRole("link", { name: "Tea helper" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Tea helper" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Knowledge" })).toHaveAttribute("aria-current", "page");
  });

  await test.step("she pastes her FAQ and imports it", async () => {
    await page.getByLabel("Source title").fill("Shop FAQ");
    await page.getByLabel("Paste FAQ (CSV or JSON)").fill(FAQ_CSV);
    await page.getByRole("button", { name: "Import FAQ" }).click();
    await expect(page.getByText("Imported 3 entries")).toBeVisible();
    const sources = page.getByRole("list", { name: "Knowledge sources" });
    await expect(sources.getByText("Shop FAQ")).toBeVisible();
  });

  await test.step("she asks the way a customer would and the right answer comes first", async () => {
    await page.getByLabel("Ask a question").fill("how many days until my order arrives?");
    await page.getByRole("button", { name: "Search" }).click();
    const firstMatch = page.getByRole("list", { name: "Matches" }).getByRole("listitem").first();
    await expect(firstMatch).toContainText("How long does shipping take?");
    await expect(firstMatch).toContainText("2 to 4 working days");
  });

  await test.step("she teaches the bot two things customers come for and tries a phrase", async () => {
    await page.getByRole("link", { name: "Intents" }).click();
    await expect(page.getByText("No intents yet.")).toBeVisible();
    const intents = page.getByRole("list", { name: "Intents" });

    await page.getByLabel("Intent name", { exact: true }).fill("Track order");
    await page.getByLabel("Description", { exact: true }).fill("The customer wants to know where their parcel is.");
    await page
      .getByLabel("Example phrases (one per line)", { exact: true })
      .fill(["where is my order", "track my parcel", "has my package shipped yet", "when will my order arrive", "order status"].join("\n"));
    await page.getByRole("button", { name: "Create intent" }).click();
    await expect(intents.getByRole("heading", { name: "Track order" })).toBeVisible();

    await page.getByLabel("Intent name", { exact: true }).fill("Opening hours");
    await page
      .getByLabel("Example phrases (one per line)", { exact: true })
      .fill(["when are you open", "what are your opening times", "are you open on sunday", "what time do you close", "shop hours"].join("\n"));
    await page.getByRole("button", { name: "Create intent" }).click();
    await expect(intents.getByRole("heading", { name: "Opening hours" })).toBeVisible();

    await page.getByLabel("Type what a customer might say").fill("where is my parcel?");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await expect(page.getByText(/Best match: Track order/)).toBeVisible();
  });

  await test.step("the bot understands what customers mean, not only the words she typed", async () => {
    // No word in common with her examples: recognised by the local sentence encoder.
    const tryPhrase = async (text: string) => {
      await page.getByLabel("Type what a customer might say").fill(text);
      await page.getByRole("button", { name: "Test", exact: true }).click();
    };
    await tryPhrase("my delivery hasn't come yet");
    await expect(page.getByText(/Best match: Track order/)).toBeVisible();
    await tryPhrase("until what hour can I drop by today");
    await expect(page.getByText(/Best match: Opening hours/)).toBeVisible();
    // and something the shop never taught it still takes the fallback
    await tryPhrase("do you sell tractors");
    await expect(page.getByText("No intent matched (fallback).")).toBeVisible();
  });
});
