import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setWorkspacePlan } from "@chatwright/api";
import type { Plan } from "@chatwright/db";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { DEFAULT_FALLBACK_MESSAGE } from "@chatwright/flow";
import { useOpenAiTestServer } from "@chatwright/llm/testing";
import { createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { createBotServicesFactory } from "./services";
import { publishAiReplyBot } from "./testing/publishAiReplyBot";
import { testBotServicesOptions } from "./testing/testBotServicesOptions";

// The run-time half of the plan rules: a published version the plan cannot
// run (written straight to the database, as an old version after a downgrade
// or an import would be) is refused when it runs, before any LLM call.
let db: MigratedTestDatabase;
const openai = useOpenAiTestServer();
let counter = 0;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 4 });
});
afterAll(async () => {
  await db?.close();
});

async function askOnce(plan: Plan, model: string) {
  const workspaceId = (await db.prisma.workspace.create({ data: { name: `Model shop ${++counter}` } })).id;
  await setWorkspacePlan(db.prisma, { workspaceId, plan });
  const shop = { workspaceId, ...(await publishAiReplyBot(db.prisma, { workspaceId, model })) };
  const factory = await createBotServicesFactory(testBotServicesOptions(db.pool, openai.baseURL));
  const runtime = createRuntime({ pool: db.pool, publisher: createInProcessPublisher(), servicesFor: factory.servicesFor });
  const { conversationId } = await runtime.startConversation({ ...shop, visitorId: "v1" });
  openai.enqueue({ reply: "Nine to six." });
  const turn = await runtime.sendVisitorMessage({ conversationId, text: "When are you open?", clientMessageId: "m1" });
  const models = openai.requests.map((request) => request.body.model);
  openai.reset();
  return { replies: turn.replies.map((reply) => reply.text), models };
}

describe("an AI step's model at run time", () => {
  it("runs a listed model on Pro", async () => {
    expect(await askOnce("PRO", "openai/gpt-4o-mini")).toEqual({ replies: ["Nine to six."], models: ["openai/gpt-4o-mini"] });
  });

  it("refuses an unlisted (expensive) model on Pro: no call on the operator's key, the flow's fallback answers", async () => {
    const run = await askOnce("PRO", "anthropic/claude-opus-4");
    expect(run.models).toEqual([]);
    expect(run.replies).toEqual([DEFAULT_FALLBACK_MESSAGE]);
  });

  it("runs any model id on Enterprise", async () => {
    expect((await askOnce("ENTERPRISE", "anthropic/claude-opus-4")).models).toEqual(["anthropic/claude-opus-4"]);
  });

  it("refuses every AI reply on Starter and Free, even with a listed model", async () => {
    for (const plan of ["STARTER", "FREE"] as const) {
      const run = await askOnce(plan, "openai/gpt-4o-mini");
      expect(run.models, plan).toEqual([]);
      expect(run.replies, plan).toEqual([DEFAULT_FALLBACK_MESSAGE]);
    }
  });
});
