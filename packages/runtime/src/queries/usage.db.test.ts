import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createWorkspaceWithBot } from "../testing/fixtures";
import { usageMonthOf } from "@chatwright/billing/usage";
import { readMonthlyUsage, recordLlmUsage } from "./usage";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const call = (scope: { workspaceId: string; botId: string }, at: string, overrides: Partial<Parameters<typeof recordLlmUsage>[1]> = {}) => ({
  ...scope,
  conversationId: null,
  model: "openai/gpt-4o-mini",
  promptTokens: 120,
  completionTokens: 30,
  costUsd: 0.000036,
  at: new Date(at),
  ...overrides,
});

describe("LLM usage", () => {
  it("names the month in UTC", () => {
    expect(usageMonthOf(new Date("2026-11-30T23:59:59.999Z"))).toBe("2026-11");
    expect(usageMonthOf(new Date("2026-12-01T00:00:00.000Z"))).toBe("2026-12");
  });

  // The embedded database serves one session at a time (every transaction waits for the one before): a server-only property.
  it.skipIf(!process.env["DATABASE_URL"])("records a call inside one conversation's open turn without making another conversation's recording wait", async () => {
    const shop = await createWorkspaceWithBot(db.prisma, "Busy AI shop");
    const turn = await db.pool.connect();
    try {
      await turn.query("BEGIN");
      await recordLlmUsage(turn, call(shop, "2026-11-05T10:00:00Z")); // a turn that goes on to a second AI call
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the other conversation waited")), 3_000));
      await Promise.race([recordLlmUsage(db.pool, call(shop, "2026-11-05T10:00:01Z")), timeout]);
      await turn.query("COMMIT");
    } catch (error) {
      await turn.query("ROLLBACK");
      throw error;
    } finally {
      turn.release();
    }
    expect(await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: new Date("2026-11-20T00:00:00Z") })).toMatchObject({ llmCalls: 2, promptTokens: 240 });
  });

  it("stores each call and adds it to the workspace's month, apart from other months and workspaces", async () => {
    const shop = await createWorkspaceWithBot(db.prisma, "Usage shop");
    const other = await createWorkspaceWithBot(db.prisma, "Other shop");
    await recordLlmUsage(db.pool, call(shop, "2026-11-03T10:00:00Z"));
    await recordLlmUsage(db.pool, call(shop, "2026-11-29T10:00:00Z", { model: "some/unpriced-model", promptTokens: 10, completionTokens: 5, costUsd: null }));
    await recordLlmUsage(db.pool, call(shop, "2026-12-01T00:00:00Z"));
    await recordLlmUsage(db.pool, call(other, "2026-11-05T10:00:00Z"));

    const november = await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: new Date("2026-11-15T00:00:00Z") });
    expect(november).toMatchObject({ month: "2026-11", llmCalls: 2, promptTokens: 130, completionTokens: 35 });
    expect(november.costUsd).toBeCloseTo(0.000036, 9);
    expect(await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: new Date("2026-12-02T00:00:00Z") })).toMatchObject({ llmCalls: 1 });
    expect(await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: new Date("2027-01-02T00:00:00Z") })).toEqual({
      month: "2027-01",
      llmCalls: 0,
      promptTokens: 0,
      completionTokens: 0,
      embeddingCalls: 0,
      embeddingTokens: 0,
      costUsd: 0,
    });
    const rows = await db.prisma.llmUsage.findMany({ where: { workspaceId: shop.workspaceId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.model, r.promptTokens, r.completionTokens, r.costUsd])).toEqual([
      ["openai/gpt-4o-mini", 120, 30, 0.000036],
      ["some/unpriced-model", 10, 5, null],
      ["openai/gpt-4o-mini", 120, 30, 0.000036],
    ]);
  });

  it("counts embedding calls apart from AI replies, and both in the month's cost", async () => {
    const shop = await createWorkspaceWithBot(db.prisma, "Embedding shop");
    await recordLlmUsage(db.pool, call(shop, "2026-11-03T10:00:00Z"));
    await recordLlmUsage(db.pool, call(shop, "2026-11-03T10:01:00Z", { kind: "embedding", model: "openai/text-embedding-3-small", promptTokens: 500, completionTokens: 0, costUsd: 0.00001 }));
    await recordLlmUsage(db.pool, call(shop, "2026-11-03T10:02:00Z", { kind: "embedding", model: "acme/embed", promptTokens: 7, completionTokens: 0, costUsd: null }));
    const november = await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: new Date("2026-11-15T00:00:00Z") });
    expect(november).toMatchObject({ llmCalls: 1, promptTokens: 120, completionTokens: 30, embeddingCalls: 2, embeddingTokens: 507 });
    expect(november.costUsd).toBeCloseTo(0.000046, 9);
    const rows = await db.prisma.llmUsage.findMany({ where: { workspaceId: shop.workspaceId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.kind, r.model, r.promptTokens, r.completionTokens])).toEqual([
      ["chat", "openai/gpt-4o-mini", 120, 30],
      ["embedding", "openai/text-embedding-3-small", 500, 0],
      ["embedding", "acme/embed", 7, 0],
    ]);
  });

  it("counts concurrent calls without losing one", async () => {
    const shop = await createWorkspaceWithBot(db.prisma, "Busy shop");
    await Promise.all(Array.from({ length: 10 }, () => recordLlmUsage(db.pool, call(shop, "2026-11-10T10:00:00Z"))));
    expect(await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: new Date("2026-11-10T10:00:00Z") })).toMatchObject({ llmCalls: 10, promptTokens: 1200 });
  });

  it("keeps the spend when the bot is deleted, and refuses a bot of another workspace's id shape", async () => {
    const shop = await createWorkspaceWithBot(db.prisma, "Closing shop");
    await recordLlmUsage(db.pool, call(shop, "2026-11-10T10:00:00Z"));
    await db.prisma.bot.delete({ where: { id: shop.botId } });
    const rows = await db.prisma.llmUsage.findMany({ where: { workspaceId: shop.workspaceId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.botId).toBeNull();
    await expect(recordLlmUsage(db.pool, call({ workspaceId: shop.workspaceId, botId: "not-a-uuid" }, "2026-11-10T10:00:00Z"))).rejects.toThrow();
    expect(await readMonthlyUsage(db.pool, { workspaceId: shop.workspaceId, at: new Date("2026-11-10T10:00:00Z") })).toMatchObject({ llmCalls: 1 });
  });
});
