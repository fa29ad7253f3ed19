import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { meterVisitorMessage } from "./meterVisitorMessage";
import { readMessageUsage } from "./readMessageUsage";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 8 });
});
afterAll(async () => {
  await db.close();
});

const at = new Date("2026-11-30T23:59:00Z");

describe("meterVisitorMessage", () => {
  it("counts concurrent messages atomically and says when Free's 500 are used up", async () => {
    const workspace = await db.prisma.workspace.create({ data: { name: "Meter shop" } });
    await db.prisma.usageCounter.create({ data: { workspaceId: workspace.id, month: "2026-11", visitorMessages: 490, llmCalls: 3 } });
    const results = await Promise.all(Array.from({ length: 20 }, () => meterVisitorMessage(db.pool, { workspaceId: workspace.id, at })));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 491 + i));
    expect(results.filter((r) => r.isOverQuota).map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => 501 + i));
    expect(results.every((r) => r.plan === "FREE")).toBe(true);
    const counter = await db.prisma.usageCounter.findUniqueOrThrow({ where: { workspaceId_month: { workspaceId: workspace.id, month: "2026-11" } } });
    expect(counter).toMatchObject({ visitorMessages: 510, llmCalls: 3 }); // the LLM figures are left alone
  });

  it("starts each month (UTC) and each workspace from zero", async () => {
    const workspace = await db.prisma.workspace.create({ data: { name: "New month shop", plan: "STARTER" } });
    await meterVisitorMessage(db.pool, { workspaceId: workspace.id, at });
    const december = await meterVisitorMessage(db.pool, { workspaceId: workspace.id, at: new Date("2026-12-01T00:00:00Z") });
    expect(december).toEqual({ count: 1, plan: "STARTER", isOverQuota: false });
    expect(await readMessageUsage(db.pool, { workspaceId: workspace.id, at })).toEqual({ month: "2026-11", visitorMessages: 1 });
    expect(await readMessageUsage(db.pool, { workspaceId: workspace.id, at: new Date("2027-01-05T00:00:00Z") })).toEqual({ month: "2027-01", visitorMessages: 0 });
  });
});
