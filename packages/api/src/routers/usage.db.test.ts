import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { recordLlmUsage } from "@chatwright/runtime";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";

let db: MigratedTestDatabase;
let owner: TestBrowser;
let agent: TestBrowser;
let stranger: TestBrowser;
let workspaceId: string;
let botId: string;
const now = new Date("2026-11-20T12:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db, { now: () => now });
  owner = createTestBrowser(services);
  agent = createTestBrowser(services);
  stranger = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@usage.test", password: "owner password 1", name: "Owner" })).workspaceId;
  await stranger.caller.auth.signUp({ email: "stranger@usage.test", password: "stranger password 1", name: "Stranger" });
  await agent.caller.auth.signUp({ email: "agent@usage.test", password: "agent password 1", name: "Agent" });
  const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "agent@usage.test", role: "AGENT" });
  await agent.caller.workspaces.acceptInvitation({ token: invitation.token });
  botId = (await owner.caller.bots.create({ workspaceId, name: "Helper" })).id;
});
afterAll(async () => {
  await db.close();
});

const spend = (at: string, promptTokens: number, completionTokens: number, costUsd: number | null) =>
  recordLlmUsage(db.pool, { workspaceId, botId, conversationId: null, model: "openai/gpt-4o-mini", promptTokens, completionTokens, costUsd, at: new Date(at) });

describe("workspaces.usage", () => {
  it("shows this month's AI spend to owners and admins: zeros first, then the month's calls only", async () => {
    await expect(owner.caller.workspaces.usage({ workspaceId })).resolves.toEqual({
      month: "2026-11",
      llmCalls: 0,
      promptTokens: 0,
      completionTokens: 0,
      embeddingCalls: 0,
      embeddingTokens: 0,
      costUsd: 0,
    });
    await spend("2026-10-31T23:59:00Z", 999, 999, 1);
    await spend("2026-11-02T08:00:00Z", 100, 20, 0.0001);
    await spend("2026-11-19T08:00:00Z", 50, 10, null);
    await recordLlmUsage(db.pool, { workspaceId, botId, conversationId: null, kind: "embedding", model: "openai/text-embedding-3-small", promptTokens: 400, completionTokens: 0, costUsd: 0.000008, at: new Date("2026-11-19T09:00:00Z") });
    const usage = await owner.caller.workspaces.usage({ workspaceId });
    expect(usage).toMatchObject({ month: "2026-11", llmCalls: 2, promptTokens: 150, completionTokens: 30, embeddingCalls: 1, embeddingTokens: 400 });
    expect(usage.costUsd).toBeCloseTo(0.000108, 9);
  });

  it("is not for agents, and another workspace's id reveals nothing", async () => {
    await expect(agent.caller.workspaces.usage({ workspaceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(stranger.caller.workspaces.usage({ workspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
