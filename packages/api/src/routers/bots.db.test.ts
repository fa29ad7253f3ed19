import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";

let db: MigratedTestDatabase;
let alice: TestBrowser;
let bob: TestBrowser;
let aliceWs: string;
let bobWs: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db.prisma);
  alice = createTestBrowser(services);
  bob = createTestBrowser(services);
  aliceWs = (await alice.caller.auth.signUp({ email: "alice@a.test", password: "alice's password", name: "Alice" })).workspaceId;
  bobWs = (await bob.caller.auth.signUp({ email: "bob@b.test", password: "bob's password!", name: "Bob" })).workspaceId;
});
afterAll(async () => {
  await db.close();
});

describe("bots", () => {
  it("creates, lists, renames and deletes a bot (with its name typed to confirm)", async () => {
    const bot = await alice.caller.bots.create({ workspaceId: aliceWs, name: "  Helpdesk  " });
    expect(bot.name).toBe("Helpdesk");
    expect(bot.publicKey).toMatch(/^pk_[\w-]{24}$/);
    expect((await alice.caller.bots.list({ workspaceId: aliceWs })).map((b) => b.id)).toEqual([bot.id]);
    const renamed = await alice.caller.bots.rename({ workspaceId: aliceWs, botId: bot.id, name: "Support" });
    expect(renamed.name).toBe("Support");
    await expect(alice.caller.bots.delete({ workspaceId: aliceWs, botId: bot.id, confirmName: "Helpdesk" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "To delete this bot, type its name exactly: Support",
    });
    expect(await alice.caller.bots.list({ workspaceId: aliceWs })).toHaveLength(1);
    await alice.caller.bots.delete({ workspaceId: aliceWs, botId: bot.id, confirmName: "Support" });
    expect(await alice.caller.bots.list({ workspaceId: aliceWs })).toEqual([]);
    const audit = await db.prisma.auditLog.findMany({ where: { workspaceId: aliceWs, targetId: bot.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["bot.created", "bot.deleted"]);
  });

  it("rejects overlong and empty names with a clear error and writes nothing", async () => {
    await expect(alice.caller.bots.create({ workspaceId: aliceWs, name: "x".repeat(61) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Bot names are limited to 60 characters."),
    });
    await expect(alice.caller.bots.create({ workspaceId: aliceWs, name: "   " })).rejects.toMatchObject({ message: expect.stringContaining("Enter a bot name.") });
    expect(await db.prisma.bot.count({ where: { workspaceId: aliceWs } })).toBe(0);
  });

  it("needs a session", async () => {
    const stranger = createTestBrowser(createTestServices(db.prisma));
    await expect(stranger.caller.bots.list({ workspaceId: aliceWs })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("tenant isolation", () => {
  it("gives a user of workspace A NOT_FOUND for every bot procedure with workspace B's ids, and changes nothing", async () => {
    const bobsBot = await bob.caller.bots.create({ workspaceId: bobWs, name: "Bob's bot" });
    // Alice names Bob's workspace: she is not a member.
    await expect(alice.caller.bots.list({ workspaceId: bobWs })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.caller.bots.create({ workspaceId: bobWs, name: "intruder" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.caller.bots.get({ workspaceId: bobWs, botId: bobsBot.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Alice names her own workspace but Bob's bot id.
    await expect(alice.caller.bots.get({ workspaceId: aliceWs, botId: bobsBot.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.caller.bots.rename({ workspaceId: aliceWs, botId: bobsBot.id, name: "pwned" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.caller.bots.delete({ workspaceId: aliceWs, botId: bobsBot.id, confirmName: "Bob's bot" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.caller.workspaces.members({ workspaceId: bobWs })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.caller.workspaces.invite({ workspaceId: bobWs, email: "alice@a.test", role: "OWNER" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = await db.prisma.bot.findUniqueOrThrow({ where: { id: bobsBot.id } });
    expect(after.name).toBe("Bob's bot");
    expect(await db.prisma.bot.count({ where: { workspaceId: bobWs } })).toBe(1);
  });
});
