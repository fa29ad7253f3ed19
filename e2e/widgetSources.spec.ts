import { expect, test } from "@playwright/test";

// A visitor on the demo shop asks what its FAQ answers and sees, under the
// answer, where it came from; a question the FAQ does not hold gets no sources.
for (const viewport of [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
]) {
  test(`a visitor sees the sources under the bot's answer (${viewport.name})`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    // the demo bot is created just after the server starts
    await expect.poll(async () => (await page.request.get("/demo")).status(), { timeout: 30_000 }).toBe(200);
    await page.goto("/demo");
    await page.getByRole("button", { name: /Open chat/ }).click();
    const messages = page.locator("chatwright-widget .msg:not(.sending)");
    await expect(messages.first()).toContainText("I can help with orders");

    const input = page.getByRole("textbox", { name: "Message" });
    await input.fill("How long does shipping take?");
    await input.press("Enter");
    const answer = page.locator("chatwright-widget .msg.BOT", { hasText: "arrive in 2-4 working days" });
    await expect(answer).toBeVisible();
    await expect(answer.locator(".src")).toContainText("Sources");
    await expect(answer.locator(".src")).toContainText("How long does shipping take?");

    // reloading shows the stored message with its sources again (history, not only the live stream)
    // (the widget remembers it was open)
    await page.reload();
    await expect(page.locator("chatwright-widget .msg.BOT", { hasText: "arrive in 2-4 working days" }).locator(".src")).toContainText("How long does shipping take?");
    await page.screenshot({ path: `${process.env["SCREENSHOT_DIR"] ?? "test-results"}/widget-sources-${viewport.name}.png` });
  });
}
