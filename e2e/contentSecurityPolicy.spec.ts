import { expect, test, type Page } from "@playwright/test";
import { openSignedInPage, publishGreetingBot, signUpOwner } from "./support/accounts";

// The dashboard is served with a Content-Security-Policy (scripts, styles and
// connections from its own origin only). A page that needed more would break
// quietly: the browser refuses and reports it on the console.

/** Every CSP refusal the page meets, from the console and from the DOM's violation events. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => {
    if (/Content Security Policy/i.test(error.message)) violations.push(error.message);
  });
  void page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${event.violatedDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return violations;
}

test("a shop owner's sign-in page, flow builder and install tab run under the dashboard's CSP without a single refusal", async ({ browser, page }) => {
  const signInViolations = collectViolations(page);
  await test.step("the sign-in page", async () => {
    const response = await page.goto("/signin");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    expect(signInViolations).toEqual([]);
  });

  const { workspaceId, cookie } = await signUpOwner({ email: `csp-${Date.now()}@shop.test`, password: "a long shop password", name: "Cora", workspaceName: "CSP Teas", plan: "PRO" });
  const bot = await publishGreetingBot({ workspaceId, name: "Tea helper", cookie });
  const owner = await openSignedInPage(browser, cookie);
  const violations = collectViolations(owner);

  await test.step("the flow builder (React Flow's canvas, lazily loaded)", async () => {
    await owner.goto(`/w/${workspaceId}/bots/${bot.id}/flow`);
    await expect(owner.getByTestId("flow-canvas")).toBeVisible();
    await expect(owner.locator(".react-flow__node").first()).toBeVisible();
    // Live updates go over the dashboard's WebSocket: the inbox subscribes as soon as it opens.
    await owner.goto(`/w/${workspaceId}/inbox`);
    await expect(owner.getByRole("heading", { level: 1 })).toBeVisible();
  });

  await test.step("the install tab, with its widget preview", async () => {
    await owner.goto(`/w/${workspaceId}/bots/${bot.id}/install`);
    await expect(owner.getByText(bot.publicKey).first()).toBeVisible();
  });

  expect(violations).toEqual([]);
});
