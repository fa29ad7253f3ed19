import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import type { GenerateRequest } from "@chatwright/flow";
import { useOpenAiTestServer } from "@chatwright/llm/testing";
import { connectTestRedis, type TestRedis } from "@chatwright/redis/testing";
import { createBotServicesFactory, type BotServicesFactory } from "./services";
import { testBotServicesOptions } from "./testing/testBotServicesOptions";

// Two bot-services factories on one Redis stand for two server processes: an
// AI answer computed on one is served from the cache on the other, and an
// invalidation on either reaches both.
let db: MigratedTestDatabase;
let redis: TestRedis;
const openai = useOpenAiTestServer();

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 2 });
  redis = await connectTestRedis();
});
afterAll(async () => {
  await redis?.cleanUp();
  await db?.close();
});

async function factory(options: { withRedis: boolean }): Promise<BotServicesFactory> {
  return createBotServicesFactory(
    testBotServicesOptions(db.pool, openai.baseURL, {
      // Usage is not what these tests are about (the scopes are not in the database).
      recordUsage: () => undefined,
      redis: options.withRedis ? { commands: (await redis.connect()).commands, prefix: redis.prefix } : null,
    }),
  );
}

const question = (tokens: string[]): GenerateRequest => ({
  prompt: "How long does delivery take?",
  systemPrompt: "",
  temperature: 0,
  maxTokens: 200,
  context: [{ id: "chunk-1", answer: "Delivery takes 2 to 4 working days.", score: 0.9, title: "Delivery" }],
  onToken: (chunk) => tokens.push(chunk),
});
/** A Pro shop's bot: AI replies are refused below Pro (guardFlowServicesByPlan reads the plan). */
async function proScope(): Promise<{ workspaceId: string; botId: string }> {
  const workspace = await db.prisma.workspace.create({ data: { name: "Cache shop", plan: "PRO" } });
  const bot = await db.prisma.bot.create({ data: { workspaceId: workspace.id, name: "Cache bot", publicKey: `pk_${randomUUID()}` } });
  return { workspaceId: workspace.id, botId: bot.id };
}
const chatRequests = () => openai.requests.filter((r) => r.path.endsWith("/chat/completions"));

describe("the bot services' answer cache", () => {
  it("is shared through Redis: one process's answer is a hit on another, and an invalidation on either reaches both", async () => {
    const a = await factory({ withRedis: true });
    const b = await factory({ withRedis: true });
    expect(a.answerCacheStore).toBe("redis");
    const scope = await proScope();

    openai.enqueue({ reply: "Delivery takes 2 to 4 working days [1]." });
    expect(await a.servicesFor(scope).generate(question([]))).toEqual({ text: "Delivery takes 2 to 4 working days." });
    expect(chatRequests()).toHaveLength(1);

    const streamed: string[] = [];
    expect(await b.servicesFor(scope).generate(question(streamed))).toEqual({ text: "Delivery takes 2 to 4 working days." });
    expect(chatRequests()).toHaveLength(1);
    expect(streamed).toEqual(["Delivery takes 2 to 4 working days."]);
    const admin = await redis.connect();
    expect((await admin.commands.keys(`${redis.prefix}answers:${scope.botId}:*`)).length).toBe(1);

    await b.invalidateBotAnswers(scope.botId);
    openai.enqueue({ reply: "Delivery takes 1 to 2 working days [1]." });
    expect(await a.servicesFor(scope).generate(question([]))).toEqual({ text: "Delivery takes 1 to 2 working days." });
    expect(chatRequests()).toHaveLength(2);
  });

  it("answers without the cache while Redis is away", async () => {
    const connections = await redis.connect();
    const reported: string[] = [];
    const factory = await createBotServicesFactory(
      testBotServicesOptions(db.pool, openai.baseURL, {
        recordUsage: () => undefined,
        redis: { commands: connections.commands, prefix: redis.prefix },
        onBackgroundError: (_error, during) => reported.push(during),
      }),
    );
    connections.commands.disconnect();
    await expect.poll(() => connections.commands.status).not.toBe("ready");
    const scope = await proScope();
    const before = chatRequests().length;
    openai.enqueue({ reply: "Delivery takes 2 to 4 working days [1]." }, { reply: "Delivery takes 2 to 4 working days [1]." });
    expect(await factory.servicesFor(scope).generate(question([]))).toEqual({ text: "Delivery takes 2 to 4 working days." });
    expect(await factory.servicesFor(scope).generate(question([]))).toEqual({ text: "Delivery takes 2 to 4 working days." });
    expect(chatRequests().length - before).toBe(2);
    // The connection's loss is what gets logged, not every skipped lookup.
    expect(reported.filter((during) => during === "answerCache")).toEqual([]);
  });

  it("stays in the process without Redis", async () => {
    const alone = await factory({ withRedis: false });
    expect(alone.answerCacheStore).toBe("memory");
  });
});
