import { describe, expect, it } from "vitest";
import { composeEmail } from "./composeEmail";
import { invitationEmail } from "./invitationEmail";
import { operatorNoticeEmail } from "./operatorNoticeEmail";
import { passwordChangedEmail } from "./passwordChangedEmail";
import { passwordResetEmail } from "./passwordResetEmail";
import { paymentFailedEmail } from "./paymentFailedEmail";
import { quotaEmail } from "./quotaEmail";
import { signInLockedEmail } from "./signInLockedEmail";
import { visitorsWaitingEmail } from "./visitorsWaitingEmail";

const at = new Date("2026-12-06T07:30:00Z");

describe("email templates", () => {
  it("give the operator the notice's paragraphs, escaped in the HTML", () => {
    const mail = operatorNoticeEmail({ to: "ops@host.example", subject: "Enterprise request from Fay's shop", text: "Fay <fay@shop.example> asks for Enterprise.\n\nThey wrote: 20 bots & SSO" });
    expect(mail).toMatchObject({ to: "ops@host.example", subject: "Enterprise request from Fay's shop" });
    expect(mail.text).toContain("Fay <fay@shop.example> asks for Enterprise.\n\nThey wrote: 20 bots & SSO");
    expect(mail.html).toContain("Fay &lt;fay@shop.example&gt; asks for Enterprise.");
    expect(mail.html).toContain("20 bots &amp; SSO");
  });

  it("put the link in the text on its own and in the HTML as a button", () => {
    const mail = passwordResetEmail({ to: "olga@shop.test", name: "Olga", resetUrl: "https://app.test/reset-password/abc", validForMinutes: 60 });
    expect(mail).toMatchObject({ to: "olga@shop.test", subject: "Reset your Chatwright password" });
    expect(mail.text).toContain("Hi Olga,");
    expect(mail.text).toContain("Choose a new password: https://app.test/reset-password/abc");
    expect(mail.text).toContain("60 minutes");
    expect(mail.html).toContain('href="https://app.test/reset-password/abc"');
  });

  it("escape what people typed in the HTML", () => {
    const mail = invitationEmail({ to: "a@b.test", inviterName: "<b>Eve</b>", workspaceName: 'Teas & "Co"', role: "AGENT", acceptUrl: "https://app.test/invite/t", expiresAt: at });
    expect(mail.html).not.toContain("<b>Eve</b>");
    expect(mail.html).toContain("&lt;b&gt;Eve&lt;/b&gt;");
    expect(mail.html).toContain("Teas &amp; &quot;Co&quot;");
    expect(mail.subject).toBe('<b>Eve</b> invited you to Teas & "Co" on Chatwright');
    expect(mail.text).toContain("as an agent");
    expect(mail.text).toContain("until 2026-12-06 07:30 UTC");
  });

  it("list every waiting visitor in one email, worded for one or many", () => {
    const one = visitorsWaitingEmail({ to: "a@b.test", workspaceName: "Teas", visitors: [{ botName: "Help", since: at }], inboxUrl: "https://app.test/w/1/inbox" });
    expect(one.subject).toBe("A visitor is waiting in Teas");
    const two = visitorsWaitingEmail({
      to: "a@b.test",
      workspaceName: "Teas",
      visitors: [
        { botName: "Help", since: at },
        { botName: "Sales", since: at },
      ],
      inboxUrl: "https://app.test/w/1/inbox",
    });
    expect(two.subject).toBe("2 visitors are waiting in Teas");
    expect(two.text).toContain("• Sales, since 2026-12-06 07:30 UTC");
    expect(two.text).toContain("Open the inbox: https://app.test/w/1/inbox");
  });

  it("tell 80 % from 100 % of the quota", () => {
    const warning = quotaEmail({ to: "a@b.test", workspaceName: "Teas", threshold: 80, used: 400, quota: 500, month: "2026-12", billingUrl: "https://app.test/w/1/billing" });
    const reached = quotaEmail({ to: "a@b.test", workspaceName: "Teas", threshold: 100, used: 500, quota: 500, month: "2026-12", billingUrl: "https://app.test/w/1/billing" });
    expect(warning.subject).toBe("Teas has used 80 % of its monthly messages");
    expect(reached.subject).toBe("Teas has used its monthly messages");
    expect(reached.text).toContain("500 of 500 visitor messages in 2026-12");
    expect(reached.text).toContain("no longer answer");
  });

  it("say where a lockout came from, and how to get back in", () => {
    const mail = signInLockedEmail({ to: "a@b.test", at, ip: "203.0.113.9", isFromAllClients: false, forgotPasswordUrl: "https://app.test/forgot-password" });
    expect(mail.text).toContain("from 203.0.113.9");
    expect(mail.text).toContain("Reset your password: https://app.test/forgot-password");
    expect(signInLockedEmail({ to: "a@b.test", at, ip: "x", isFromAllClients: true, forgotPasswordUrl: "u" }).text).toContain("from many addresses");
  });

  it("confirm a password change and a failed payment with a way to act", () => {
    expect(passwordChangedEmail({ to: "a@b.test", name: "A", at, forgotPasswordUrl: "https://app.test/forgot-password" }).text).toContain("changed on 2026-12-06 07:30 UTC");
    expect(paymentFailedEmail({ to: "a@b.test", workspaceName: "Teas", billingUrl: "https://app.test/w/1/billing" }).text).toContain(
      "Update payment method: https://app.test/w/1/billing",
    );
  });

  it("lay out text without HTML and HTML without loose markup", () => {
    const mail = composeEmail({ to: "a@b.test", subject: "S", greeting: null, paragraphs: ["One", "Two"] });
    expect(mail.text).toBe("One\n\nTwo\n\n— Chatwright");
    expect(mail.html.match(/<p /g)).toHaveLength(3);
  });
});
