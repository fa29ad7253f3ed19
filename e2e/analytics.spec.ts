import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { call, openSignedInPage, publishGreetingBot, signUpOwner } from "./support/accounts";

// A shop owner on Pro looks at how her bot did: three visitors, one served by
// the bot, one handed to her team, one asking what the bot does not know.
// The numbers agree with each other, the charts say in words what they show,
// and the period's numbers download as a spreadsheet.
test.describe.configure({ timeout: 120_000 });

test("the owner reads her bot's analytics and downloads the period as CSV", async ({ browser }) => {
  const { workspaceId, cookie } = await signUpOwner({ email: "rosa@analytics.test", password: "a long analytics password", name: "Rosa", workspaceName: "Rosa's Teas", plan: "PRO" });
  const bot = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie });
  const visitors = [
    { texts: ["where is my order"], rating: 5, comment: "Quick answer" },
    { texts: ["talk to a person"], rating: null, comment: null },
    { texts: ["do you sell gift cards"], rating: 2, comment: "It did not know about gift cards." },
  ];
  for (const [index, visitor] of visitors.entries()) {
    const visitorId = `visitor_stats_${index}_0123456789`;
    const { data } = await call<{ conversationId: string }>("widget.init", { botKey: bot.publicKey, visitorId, conversationId: null });
    for (const [n, text] of visitor.texts.entries()) {
      await call("widget.send", { botKey: bot.publicKey, visitorId, conversationId: data.conversationId, clientMessageId: `stats-${index}-${n}-message`, text });
    }
    if (visitor.rating !== null) await call("widget.rate", { botKey: bot.publicKey, visitorId, conversationId: data.conversationId, rating: visitor.rating, comment: visitor.comment });
  }

  const page = await openSignedInPage(browser, cookie, { acceptDownloads: true });
  await page.goto(`/w/${workspaceId}/bots/${bot.id}/analytics`);
  const stat = (label: string) => page.locator(".stat-card").filter({ has: page.getByText(label, { exact: true }) });
  // One unanswered question, so the bot did not handle everything: 1 of 3.
  await expect(stat("Handled by the bot")).toContainText("33%");
  await expect(stat("Handled by the bot")).toContainText("1 of 3 conversations");
  await expect(stat("Unanswered questions")).toContainText("1");
  await expect(stat("Visitor rating")).toContainText("3.5 / 5");
  const outcome = page.getByRole("region", { name: "How conversations went" });
  // The same rounding as the card above: the two never disagree.
  await expect(outcome).toContainText("Handled by the bot 33%");
  await expect(outcome).toContainText("Handed to your team 33%");
  await expect(outcome).toContainText("Left with an unanswered question 33%");

  // The canvas charts have a sentence for screen readers and their numbers one click away.
  await expect(page.getByRole("img", { name: /Conversations: 3 over 30 days/ })).toBeVisible();
  const daily = page.getByRole("figure").filter({ has: page.getByRole("heading", { name: "Conversations per day" }) });
  await daily.getByText("Show the numbers").click();
  await expect(daily.getByRole("table")).toBeVisible();

  await expect(page.getByRole("list", { name: "Intents, most asked first" })).toContainText("order_status");
  await expect(page.getByRole("list", { name: "Intents, most asked first" })).toContainText("No intent matched");
  await expect(page.getByRole("region", { name: "Questions the bot could not answer" })).toContainText("do you sell gift cards");
  const ratings = page.getByRole("region", { name: "Visitor ratings" });
  await expect(ratings).toContainText("average of 2 ratings");
  await expect(ratings).toContainText("It did not know about gift cards.");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^chatwright-tea-helper-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^Day \(UTC\),Conversations,/);
  expect(lines).toHaveLength(1 + 30 + 1);
  expect(lines.at(-1)).toBe("Total,3,3,1,1,1,33.3,3,2,3.50");
});
