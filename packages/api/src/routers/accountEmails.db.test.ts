import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createLogMailer } from "@chatwright/mail";
import { findLink, startTestSmtpServer, type TestSmtpServer } from "@chatwright/mail/testing";
import { createTestBrowser, createTestMail, createTestServices } from "../testing";
import type { ApiServices } from "../context";
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE_RULES } from "../auth/throttle";

const APP = "https://app.chatwright.test";
const HOUR = 60 * 60 * 1000;

let db: MigratedTestDatabase;
let smtp: TestSmtpServer;
let mail: ReturnType<typeof createTestMail>;
let now = new Date("2026-12-01T09:00:00Z");
let services: ApiServices;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtpServer();
  mail = createTestMail(smtp.url, APP);
  services = createTestServices(db.prisma, { mail, now: () => now });
});
afterAll(async () => {
  mail.close();
  await smtp.close();
  await db.close();
});

/** The token at the end of the one link in the newest email to `to` whose subject is `subject`. */
async function linkTokenFrom(to: string, subject: string, path: string): Promise<string> {
  const received = await smtp.waitForMail((m) => m.to.includes(to) && m.subject === subject && !used.has(m));
  used.add(received);
  const link = findLink(received, `${APP}${path}`);
  return decodeURIComponent(link.slice(`${APP}${path}`.length));
}
const used = new Set<object>();

async function signUp(email: string, password: string) {
  const browser = createTestBrowser(services);
  const { workspaceId } = await browser.caller.auth.signUp({ email, password, name: email.split("@")[0] ?? "Someone" });
  return { browser, workspaceId };
}

describe("password reset by email", () => {
  it("sends a link that sets a new password once, signs out every session, and lets the new password in", async () => {
    const { browser: laptop } = await signUp("olga@shop.test", "the old password 1");
    const phone = createTestBrowser(services);
    await phone.caller.auth.signIn({ email: "olga@shop.test", password: "the old password 1" });

    const visitor = createTestBrowser(services);
    await expect(visitor.caller.auth.requestPasswordReset({ email: "Olga@Shop.test" })).resolves.toEqual({ ok: true });
    const token = await linkTokenFrom("olga@shop.test", "Reset your Chatwright password", "/reset-password/");
    const stored = await db.prisma.passwordResetToken.findFirstOrThrow({ where: { user: { email: "olga@shop.test" } } });
    expect(stored.tokenHash).not.toContain(token);

    await expect(visitor.caller.auth.passwordResetStatus({ token })).resolves.toEqual({ isValid: true });
    await expect(visitor.caller.auth.resetPassword({ token, password: "password" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(visitor.caller.auth.resetPassword({ token, password: "a brand new password 2" })).resolves.toEqual({ email: "olga@shop.test" });

    // Every session of the account is gone: whoever had the old password is out.
    await expect(laptop.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(phone.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(visitor.caller.auth.signIn({ email: "olga@shop.test", password: "the old password 1" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await visitor.caller.auth.signIn({ email: "olga@shop.test", password: "a brand new password 2" });
    await expect(visitor.caller.auth.me()).resolves.toMatchObject({ user: { email: "olga@shop.test" } });

    // Once and only once.
    await expect(visitor.caller.auth.passwordResetStatus({ token })).resolves.toEqual({ isValid: false });
    await expect(createTestBrowser(services).caller.auth.resetPassword({ token, password: "yet another password 3" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("Forgot your password?") as string,
    });
  });

  it("expires the link after an hour", async () => {
    await signUp("late@shop.test", "the old password 1");
    const browser = createTestBrowser(services);
    await browser.caller.auth.requestPasswordReset({ email: "late@shop.test" });
    const token = await linkTokenFrom("late@shop.test", "Reset your Chatwright password", "/reset-password/");
    const sentAt = now;
    try {
      now = new Date(sentAt.getTime() + HOUR - 1000);
      await expect(browser.caller.auth.passwordResetStatus({ token })).resolves.toEqual({ isValid: true });
      now = new Date(sentAt.getTime() + HOUR);
      await expect(browser.caller.auth.passwordResetStatus({ token })).resolves.toEqual({ isValid: false });
      await expect(browser.caller.auth.resetPassword({ token, password: "a brand new password 2" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(browser.caller.auth.signIn({ email: "late@shop.test", password: "the old password 1" })).resolves.toMatchObject({});
    } finally {
      now = sentAt;
    }
  });

  it("answers the same for an unknown address and sends nothing; at most three links an hour", async () => {
    const before = smtp.received.length;
    await expect(createTestBrowser(services).caller.auth.requestPasswordReset({ email: "nobody@shop.test" })).resolves.toEqual({ ok: true });
    await signUp("busy@shop.test", "the old password 1");
    for (let i = 0; i < 5; i += 1) await createTestBrowser(services).caller.auth.requestPasswordReset({ email: "busy@shop.test" });
    await smtp.waitForMail(() => smtp.received.filter((m) => m.to.includes("busy@shop.test")).length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.slice(before).map((m) => m.to[0])).toEqual(["busy@shop.test", "busy@shop.test", "busy@shop.test"]);
  });

  it("refuses an eleventh request from one client within an hour, whatever the addresses", async () => {
    const client = createTestBrowser(services, { ip: "198.51.100.23" });
    for (let i = 0; i < 10; i += 1) await client.caller.auth.requestPasswordReset({ email: `someone-${i}@elsewhere.test` });
    await expect(client.caller.auth.requestPasswordReset({ email: "olga@shop.test" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("Wait 60 minutes") as string });
    await expect(createTestBrowser(services, { ip: "198.51.100.24" }).caller.auth.requestPasswordReset({ email: "nobody@elsewhere.test" })).resolves.toEqual({ ok: true });
  });

  it("is refused in plain words on a server that sends no email", async () => {
    const noMail = createTestBrowser(createTestServices(db.prisma));
    await expect(noMail.caller.auth.requestPasswordReset({ email: "olga@shop.test" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("SMTP_URL") as string });
  });
});

describe("password change from Settings", () => {
  it("needs the current password, signs out the other sessions, keeps this one, and confirms by email", async () => {
    const { browser: laptop } = await signUp("chris@shop.test", "the old password 1");
    const phone = createTestBrowser(services);
    await phone.caller.auth.signIn({ email: "chris@shop.test", password: "the old password 1" });
    await expect(laptop.caller.auth.changePassword({ currentPassword: "not it at all", newPassword: "a brand new password 2" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(laptop.caller.auth.changePassword({ currentPassword: "the old password 1", newPassword: "a brand new password 2" })).resolves.toEqual({ isEmailed: true });
    await expect(laptop.caller.auth.me()).resolves.toMatchObject({ user: { email: "chris@shop.test" } });
    await expect(phone.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const confirmation = await smtp.waitForMail((m) => m.to.includes("chris@shop.test") && m.subject === "Your Chatwright password was changed");
    expect(confirmation.text).toContain("changed on 2026-12-01 09:00 UTC");
    expect(findLink(confirmation, APP)).toBe(`${APP}/forgot-password`);
    await expect(createTestBrowser(services).caller.auth.signIn({ email: "chris@shop.test", password: "a brand new password 2" })).resolves.toMatchObject({});
  });
});

describe("invitations by email", () => {
  it("emails the invited address a link that adds them once, and keeps the link to copy", async () => {
    const { browser: owner, workspaceId } = await signUp("boss@shop.test", "boss password 12");
    const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "Ada@Shop.test", role: "AGENT" });
    expect(invitation).toMatchObject({ token: expect.any(String) as string, isEmailed: true });
    const received = await smtp.waitForMail((m) => m.to.includes("ada@shop.test"));
    expect(received.subject).toMatch(/^boss invited you to boss's shop on Chatwright$/);
    const token = await linkTokenFrom("ada@shop.test", received.subject, "/invite/");
    expect(token).toBe(invitation.token);

    const { browser: ada } = await signUp("ada@shop.test", "ada password 123");
    await expect(ada.caller.workspaces.acceptInvitation({ token })).resolves.toEqual({ workspaceId, role: "AGENT" });
    await expect(ada.caller.workspaces.acceptInvitation({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the emailed link expires with the invitation (7 days)", async () => {
    const { browser: owner, workspaceId } = await signUp("boss2@shop.test", "boss password 12");
    await owner.caller.workspaces.invite({ workspaceId, email: "slow@shop.test", role: "ADMIN" });
    const token = await linkTokenFrom("slow@shop.test", "boss2 invited you to boss2's shop on Chatwright", "/invite/");
    const { browser: slow } = await signUp("slow@shop.test", "slow password 12");
    const sentAt = now;
    try {
      now = new Date(sentAt.getTime() + 7 * 24 * HOUR);
      await expect(slow.caller.workspaces.acceptInvitation({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      now = sentAt;
    }
  });
});

describe("sign-in lockout", () => {
  it("emails the account once when failed sign-ins lock its email", async () => {
    await signUp("target@shop.test", "target password 1");
    // The server's rules: five failures from one client lock the email for that client.
    const throttle = { byEmail: createLoginThrottle(DEFAULT_LOGIN_THROTTLE_RULES.byEmail), byIp: createLoginThrottle(DEFAULT_LOGIN_THROTTLE_RULES.byIp) };
    const attacker = createTestBrowser({ ...services, throttle }, { ip: "203.0.113.7" });
    for (let i = 0; i < 7; i += 1) await attacker.caller.auth.signIn({ email: "target@shop.test", password: `guess number ${i}` }).catch(() => undefined);
    const received = await smtp.waitForMail((m) => m.to.includes("target@shop.test"));
    expect(received.subject).toBe("Sign-in to your Chatwright account was paused");
    expect(received.text).toContain("from 203.0.113.7");
    expect(findLink(received, APP)).toBe(`${APP}/forgot-password`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.filter((m) => m.to.includes("target@shop.test"))).toHaveLength(1);
    expect(mail.errors).toEqual([]);
  });
});

describe("the dev mailbox", () => {
  it("lists what the log mailer sent, newest first, with the links; without one it does not exist", async () => {
    const mailer = createLogMailer({ from: "Chatwright <no-reply@localhost>", log: () => undefined });
    const devServices = createTestServices(db.prisma, { mail: { mailer, appUrl: () => "http://localhost:3000", onError: () => undefined, devMailbox: mailer }, now: () => now });
    await createTestBrowser(devServices).caller.auth.signUp({ email: "dev@shop.test", password: "dev password 123", name: "Dev" });
    const laptop = createTestBrowser(devServices);
    await laptop.caller.auth.requestPasswordReset({ email: "dev@shop.test" });
    const [latest] = await laptop.caller.devMailbox.messages();
    expect(latest).toMatchObject({ to: "dev@shop.test", subject: "Reset your Chatwright password", from: "Chatwright <no-reply@localhost>" });
    const token = findLink({ text: latest?.text ?? "" }, "http://localhost:3000/reset-password/").split("/").pop() ?? "";
    await expect(laptop.caller.auth.passwordResetStatus({ token })).resolves.toEqual({ isValid: true });

    await expect(createTestBrowser(services).caller.devMailbox.messages()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
