import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices } from "../testing";
import { SESSION_TTL_MS } from "../auth/sessions";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const password = "a long enough password";

describe("sign-up, sign-in, sign-out", () => {
  it("signs up into a new FREE workspace as its owner, with a session cookie", async () => {
    const browser = createTestBrowser(createTestServices(db.prisma));
    const result = await browser.caller.auth.signUp({ email: "Owner@Shop.test", password, name: "Olga", workspaceName: "Olga's Teas" });
    expect(browser.cookie.token).toEqual(expect.any(String));
    const me = await browser.caller.auth.me();
    expect(me.user.email).toBe("owner@shop.test");
    expect(me.workspaces).toEqual([{ id: result.workspaceId, name: "Olga's Teas", plan: "FREE", role: "OWNER" }]);
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { email: "owner@shop.test" } });
    expect(stored.passwordHash).not.toContain(password);
    const session = await db.prisma.session.findFirstOrThrow({ where: { userId: stored.id } });
    expect(session.tokenHash).not.toBe(browser.cookie.token);
  });

  it("refuses a second account with the same email and writes nothing", async () => {
    const browser = createTestBrowser(createTestServices(db.prisma));
    const before = await db.prisma.workspace.count();
    await expect(browser.caller.auth.signUp({ email: "owner@shop.test", password, name: "X" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.prisma.workspace.count()).toBe(before);
    expect(browser.cookie.token).toBeNull();
  });

  it("gives the same error for a wrong password and an unknown email", async () => {
    const browser = createTestBrowser(createTestServices(db.prisma));
    const wrong = await browser.caller.auth.signIn({ email: "owner@shop.test", password: "not the password" }).catch((e: unknown) => e);
    const unknown = await browser.caller.auth.signIn({ email: "nobody@shop.test", password }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", message: "Email or password is incorrect." });
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", message: "Email or password is incorrect." });
    expect(browser.cookie.token).toBeNull();
  });

  it("rotates the session on sign-in: the old cookie stops working", async () => {
    const services = createTestServices(db.prisma);
    const browser = createTestBrowser(services);
    await browser.caller.auth.signIn({ email: "owner@shop.test", password });
    const first = browser.cookie.token;
    await browser.caller.auth.signIn({ email: "owner@shop.test", password });
    expect(browser.cookie.token).not.toBe(first);
    const stale = createTestBrowser(services);
    stale.cookie.token = first;
    await expect(stale.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("signs out: the session row is gone and the cookie no longer works", async () => {
    const services = createTestServices(db.prisma);
    const browser = createTestBrowser(services);
    await browser.caller.auth.signIn({ email: "owner@shop.test", password });
    const token = browser.cookie.token;
    await browser.caller.auth.signOut();
    expect(browser.cookie.token).toBeNull();
    const replay = createTestBrowser(services);
    replay.cookie.token = token;
    await expect(replay.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("expires sessions after their lifetime", async () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const services = createTestServices(db.prisma, { now: () => now });
    const browser = createTestBrowser(services);
    await browser.caller.auth.signIn({ email: "owner@shop.test", password });
    expect(browser.cookie.expiresAt?.getTime()).toBe(now.getTime() + SESSION_TTL_MS);
    now = new Date(now.getTime() + SESSION_TTL_MS - 1000);
    await expect(browser.caller.auth.me()).resolves.toMatchObject({ user: { email: "owner@shop.test" } });
    now = new Date(now.getTime() + 2000);
    await expect(browser.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("throttles repeated failures per email, even with the right password afterwards", async () => {
    const browser = createTestBrowser(createTestServices(db.prisma));
    for (let i = 0; i < 5; i++) {
      await expect(browser.caller.auth.signIn({ email: "owner@shop.test", password: "wrong" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(browser.caller.auth.signIn({ email: "owner@shop.test", password })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-in attempts. Wait 15 minutes and try again.",
    });
  });

  it("refuses mutations from another site's origin (CSRF)", async () => {
    const browser = createTestBrowser(createTestServices(db.prisma), { origin: "https://evil.example", fetchSite: "cross-site" });
    await expect(browser.caller.auth.signUp({ email: "victim@shop.test", password, name: "V" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.prisma.user.count({ where: { email: "victim@shop.test" } })).toBe(0);
  });

  it("rejects bad input with a clear message and writes nothing", async () => {
    const browser = createTestBrowser(createTestServices(db.prisma));
    const users = await db.prisma.user.count();
    await expect(browser.caller.auth.signUp({ email: "not-an-email", password, name: "A" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Enter a valid email address."),
    });
    await expect(browser.caller.auth.signUp({ email: "a@b.test", password: "short", name: "A" })).rejects.toMatchObject({
      message: expect.stringContaining("at least 10 characters"),
    });
    await expect(browser.caller.auth.signUp({ email: "a@b.test", password, name: "x".repeat(81) })).rejects.toMatchObject({
      message: expect.stringContaining("limited to 80 characters"),
    });
    // @ts-expect-error -- a missing field, as a hand-made request would send
    await expect(browser.caller.auth.signUp({ email: "a@b.test", password })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.prisma.user.count()).toBe(users);
  });
});
