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

  it("trains with the sentence encoder's vectors of the examples, caches per encoder, and falls back to words when it fails", async () => {
    const encoded: string[][] = [];
    const encoder = {
      name: "stand-in-3",
      encode: async (texts: readonly string[]) => {
        encoded.push([...texts]);
        return texts.map((t) => Float32Array.from(/refund|money/.test(t) ? [1, 0, 0] : /open/.test(t) ? [0, 1, 0] : [0, 0, 1]));
      },
    };
    const withVectors = await loadIntentModel(db.prisma, scope, encoder);
    expect(withVectors?.sentence?.encoder).toBe("stand-in-3");
    expect(encoded).toHaveLength(1);
    expect([...(encoded[0] ?? [])].sort()).toEqual(["I want my money back", "can I get a refund", "what are your opening hours", "when are you open"]);
    // cached for this encoder; words-only callers get their own model
    expect(await loadIntentModel(db.prisma, scope, encoder)).toBe(withVectors);
    expect(encoded).toHaveLength(1);
    const wordsOnly = await loadIntentModel(db.prisma, scope);
    expect(wordsOnly?.sentence).toBeUndefined();
    // a broken encoder: the model is trained on words alone instead of failing the turn
    const broken = { name: "broken", encode: () => Promise.reject(new Error("model files missing")) };
    const fallback = await loadIntentModel(db.prisma, scope, broken);
    expect(fallback?.intents).toEqual(["opening_hours", "refund"]);
    expect(fallback?.sentence).toBeUndefined();
  });
});
