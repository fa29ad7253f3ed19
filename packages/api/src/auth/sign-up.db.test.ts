import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices } from "../testing";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const countRows = async () => ({
  users: await db.prisma.user.count(),
  workspaces: await db.prisma.workspace.count(),
  memberships: await db.prisma.membership.count(),
  sessions: await db.prisma.session.count(),
  auditLogs: await db.prisma.auditLog.count(),
});

describe("sign-up with a password anyone would guess", () => {
  it.each([
    ["spaces only", "          ", "A password can't be only spaces."],
    ["a common password", "1234567890", "This is one of the most common passwords"],
    ["a common password in other case", "Password12", "This is one of the most common passwords"],
    ["the email address", "olga@teas.test", "Don't use your email address as your password."],
  ])("refuses %s with a message saying why, and creates nothing", async (_, password, message) => {
    const browser = createTestBrowser(createTestServices(db.prisma));
    const before = await countRows();
    await expect(browser.caller.auth.signUp({ email: "olga@teas.test", password, name: "Olga" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(message),
    });
    expect(await countRows()).toEqual(before);
    expect(await db.prisma.user.count({ where: { email: "olga@teas.test" } })).toBe(0);
    expect(browser.cookie.token).toBeNull();
  });

  it("still signs up with a password of the minimum length nobody guesses early", async () => {
    const browser = createTestBrowser(createTestServices(db.prisma));
    await expect(browser.caller.auth.signUp({ email: "olga@teas.test", password: "kettle 1987", name: "Olga" })).resolves.toMatchObject({ userId: expect.any(String) });
    expect(browser.cookie.token).toEqual(expect.any(String));
  });
});
