import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogMailer } from "./createLogMailer";
import { createSmtpMailer } from "./createSmtpMailer";
import { passwordResetEmail } from "./templates/passwordResetEmail";
import { findLink, startTestSmtpServer, type TestSmtpServer } from "./testing";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

describe("mailers", () => {
  it("the SMTP mailer delivers to the recipient, from MAIL_FROM, with the link intact", async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: "Chatwright <no-reply@chatwright.test>" });
    const url = `https://app.test/reset-password/${"x".repeat(43)}`;
    await mailer.send(passwordResetEmail({ to: "olga@shop.test", name: "Olga", resetUrl: url, validForMinutes: 60 }));
    mailer.close();
    const mail = await smtp.waitForMail((m) => m.to.includes("olga@shop.test"));
    expect(mail).toMatchObject({ from: "no-reply@chatwright.test", subject: "Reset your Chatwright password" });
    expect(findLink(mail, "https://app.test/reset-password/")).toBe(url);
    expect(mail.html).toContain(url);
  });

  it("the log mailer logs each email and keeps the newest first, up to its limit", async () => {
    const logged: string[] = [];
    const mailer = createLogMailer({ from: "Chatwright <dev@localhost>", log: (mail) => logged.push(mail.subject), keep: 2, now: () => new Date(0) });
    for (const subject of ["one", "two", "three"]) await mailer.send({ to: "a@b.test", subject, text: "t", html: "h" });
    expect(logged).toEqual(["one", "two", "three"]);
    expect(mailer.list().map((mail) => [mail.id, mail.subject])).toEqual([
      [3, "three"],
      [2, "two"],
    ]);
  });
});
