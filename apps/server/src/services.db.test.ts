import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { useOpenAiTestServer } from "@chatwright/llm/testing";
import { createInProcessPublisher, createRuntime, readMonthlyUsage } from "@chatwright/runtime";
import { createBotServicesFactory } from "./services";
import { publishAiReplyBot } from "./testing/publishAiReplyBot";
import { testBotServicesOptions } from "./testing/testBotServicesOptions";

// The server's bot services store what every LLM call spent: one LlmUsage row
// naming the conversation, and the workspace's monthly counter.
let db: MigratedTestDatabase;
const openai = useOpenAiTestServer();

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 4 });
});
afterAll(async () => {
  await db?.close();
});

describe("LLM usage through the server's bot services", () => {
  it("stores each call with its conversation and adds it to the workspace's month", async () => {
    // AI replies are a Pro step: the run-time plan check refuses them below.
    const workspace = await db.prisma.workspace.create({ data: { name: "Usage shop", plan: "PRO" } });
    const { botId, flowVersionId } = await publishAiReplyBot(db.prisma, { workspaceId: workspace.id });

    const factory = await createBotServicesFactory(testBotServicesOptions(db.pool, openai.baseURL));
    const runtime = createRuntime({ pool: db.pool, publisher: createInProcessPublisher(), servicesFor: factory.servicesFor });
    const { conversationId } = await runtime.startConversation({ workspaceId: workspace.id, botId, flowVersionId, visitorId: "v1" });
    openai.enqueue({ reply: "We open at nine.", chunks: ["We ", "open ", "at ", "nine."] });
    openai.enqueue({ reply: "We close at six.", chunks: ["We ", "close ", "at ", "six."] });
    await runtime.sendVisitorMessage({ conversationId, text: "When do you open?", clientMessageId: "m1" });
    await runtime.sendVisitorMessage({ conversationId, text: "And close?", clientMessageId: "m2" });

    const rows = await db.prisma.llmUsage.findMany({ where: { workspaceId: workspace.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => ({ botId: r.botId, conversationId: r.conversationId, model: r.model, completionTokens: r.completionTokens }))).toEqual([
      { botId, conversationId, model: "openai/gpt-4o-mini", completionTokens: 4 },
      { botId, conversationId, model: "openai/gpt-4o-mini", completionTokens: 4 },
    ]);
    expect(rows.every((r) => r.promptTokens > 0 && (r.costUsd ?? 0) > 0)).toBe(true);
    const month = await readMonthlyUsage(db.pool, { workspaceId: workspace.id, at: new Date() });
    expect(month).toMatchObject({ llmCalls: 2, completionTokens: 8, promptTokens: rows.reduce((sum, r) => sum + r.promptTokens, 0) });
  });
});
