import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { classifyIntent } from "@chatwright/nlp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntent, deleteIntent, listIntents, loadIntentModel, updateIntent } from "./intents.ts";

describe("intents", () => {
  let db: MigratedTestDatabase;
  let scope: { workspaceId: string; botId: string };
  let otherWorkspace: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const workspace = await db.prisma.workspace.create({ data: { name: "Shop" } });
    otherWorkspace = (await db.prisma.workspace.create({ data: { name: "Other" } })).id;
    const bot = await db.prisma.bot.create({ data: { workspaceId: workspace.id, name: "Bot", publicKey: "pk_intents" } });
    scope = { workspaceId: workspace.id, botId: bot.id };
  });
  afterAll(async () => {
    await db.close();
  });

  it("creates, lists, updates and deletes intents of one bot only", async () => {
    const refund = await createIntent(db.prisma, scope, { name: "refund", examples: ["I want my money back", "refund please", "refund please", " "] });
    expect(refund.examples).toEqual(["I want my money back", "refund please"]);
    await expect(createIntent(db.prisma, scope, { name: "refund" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createIntent(db.prisma, scope, { name: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(createIntent(db.prisma, { workspaceId: otherWorkspace, botId: scope.botId }, { name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await createIntent(db.prisma, scope, { name: "opening_hours", examples: ["when are you open", "what are your opening hours"] });
    expect((await listIntents(db.prisma, scope)).map((i) => i.name)).toEqual(["opening_hours", "refund"]);
    expect(await listIntents(db.prisma, { workspaceId: otherWorkspace, botId: scope.botId })).toEqual([]);
    const updated = await updateIntent(db.prisma, { ...scope, intentId: refund.id }, { examples: ["I want my money back", "can I get a refund"] });
    expect(updated.examples).toEqual(["I want my money back", "can I get a refund"]);
    await expect(updateIntent(db.prisma, { workspaceId: otherWorkspace, botId: scope.botId, intentId: refund.id }, { name: "stolen" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteIntent(db.prisma, { workspaceId: otherWorkspace, botId: scope.botId, intentId: refund.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("caches the trained model until the bot's intents change", async () => {
    const first = await loadIntentModel(db.prisma, scope);
    expect(first?.intents).toEqual(["opening_hours", "refund"]);
    expect(await loadIntentModel(db.prisma, scope)).toBe(first);
    const created = await createIntent(db.prisma, scope, { name: "shipping", examples: ["how long does delivery take", "when will my parcel arrive"] });
    const second = await loadIntentModel(db.prisma, scope);
    expect(second).not.toBe(first);
    expect(second?.intents).toContain("shipping");
    expect(second === null ? null : classifyIntent(second, "when does my parcel arrive").ranked[0]?.intent).toBe("shipping");
    // a change made elsewhere (another server process) is seen through updatedAt
    await db.prisma.intent.update({ where: { id: created.id }, data: { examples: ["track my parcel"] } });
    const third = await loadIntentModel(db.prisma, scope);
    expect(third).not.toBe(second);
    await deleteIntent(db.prisma, { ...scope, intentId: created.id });
    expect((await loadIntentModel(db.prisma, scope))?.intents).toEqual(["opening_hours", "refund"]);
  });
});
