import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import { setWorkspacePlan } from "../workspaces/workspaces";

let db: MigratedTestDatabase;
let owner: TestBrowser;
let agent: TestBrowser;
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db.prisma);
  owner = createTestBrowser(services);
  agent = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@w.test", password: "owner password 1", name: "Owner" })).workspaceId;
  await agent.caller.auth.signUp({ email: "agent@w.test", password: "agent password 1", name: "Agent" });
});
afterAll(async () => {
  await db.close();
});

describe("workspaces and members", () => {
  it("invites by a link token that only the invited email can accept, once", async () => {
    const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "AGENT@w.test", role: "AGENT" });
    expect(invitation.token.length).toBeGreaterThan(30);
    const stored = await db.prisma.invitation.findFirstOrThrow({ where: { workspaceId } });
    expect(stored.tokenHash).not.toBe(invitation.token);
    await expect(owner.caller.workspaces.acceptInvitation({ token: invitation.token })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.workspaces.acceptInvitation({ token: invitation.token })).resolves.toEqual({ workspaceId, role: "AGENT" });
    await expect(agent.caller.workspaces.acceptInvitation({ token: invitation.token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const me = await agent.caller.auth.me();
    expect(me.workspaces.map((w) => [w.id, w.role])).toContainEqual([workspaceId, "AGENT"]);
  });

  it("lets an agent read members and bots but not create bots or invite", async () => {
    await expect(agent.caller.workspaces.members({ workspaceId })).resolves.toHaveLength(2);
    await expect(agent.caller.bots.list({ workspaceId })).resolves.toEqual([]);
    await expect(agent.caller.bots.create({ workspaceId, name: "nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.workspaces.invite({ workspaceId, email: "x@w.test", role: "OWNER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.prisma.bot.count({ where: { workspaceId } })).toBe(0);
  });

  it("keeps at least one owner", async () => {
    const me = await owner.caller.auth.me();
    await expect(owner.caller.workspaces.changeRole({ workspaceId, userId: me.user.id, role: "ADMIN" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(owner.caller.workspaces.removeMember({ workspaceId, userId: me.user.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("promotes and removes members", async () => {
    const agentMe = await agent.caller.auth.me();
    await owner.caller.workspaces.changeRole({ workspaceId, userId: agentMe.user.id, role: "ADMIN" });
    await expect(agent.caller.bots.create({ workspaceId, name: "Now allowed" })).resolves.toMatchObject({ name: "Now allowed" });
    await owner.caller.workspaces.removeMember({ workspaceId, userId: agentMe.user.id });
    await expect(agent.caller.bots.list({ workspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("creates further workspaces and sets plans from the admin command's function", async () => {
    const second = await owner.caller.workspaces.create({ name: "Second shop" });
    expect(second).toMatchObject({ name: "Second shop", plan: "FREE", role: "OWNER" });
    await setWorkspacePlan(db.prisma, { workspaceId: second.id, plan: "PRO" });
    const me = await owner.caller.auth.me();
    expect(me.workspaces.find((w) => w.id === second.id)?.plan).toBe("PRO");
    await expect(setWorkspacePlan(db.prisma, { workspaceId: "00000000-0000-4000-8000-000000000000", plan: "PRO" })).rejects.toThrow(/No workspace/);
  });
});
