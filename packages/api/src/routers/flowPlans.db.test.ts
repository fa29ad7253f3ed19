import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import type { FlowGraph } from "@chatwright/flow";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import { setWorkspacePlan } from "../workspaces/workspaces";
import { FAQ_BOT_FLOW_NAME } from "../flows/faqBot";

// What each plan may publish and run (docs/plans-and-billing.md): Starter's
// NLP bot (no AI reply, no http), Pro's two models, Enterprise's any model,
// and what a downgrade does to a published flow the new plan cannot run.
let db: MigratedTestDatabase;
let owner: TestBrowser;
let workspaceId: string;
let botId: string;

const at = (y: number) => ({ x: 0, y });

/** Starter's NLP bot: intents first, then the knowledge base, then a person. */
const nlpGraph: FlowGraph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "start", position: at(0), data: { greeting: "Hi! Ask me about your order." } },
    { id: "listen", type: "listen", position: at(100), data: {} },
    { id: "intent", type: "intent", position: at(200), data: { intents: ["order_status"], threshold: 0.5 } },
    { id: "ask-order", type: "ask", position: at(300), data: { question: "What is your order number?", validation: "text", variable: "order", retryMessage: "Could you type it again?" } },
    { id: "tracking", type: "message", position: at(400), data: { text: "Thanks! Order {{ order }} ships within two days." } },
    { id: "faq", type: "faq", position: at(500), data: { topK: 3, answerMode: "direct", threshold: 0.3 } },
    { id: "person", type: "handoff", position: at(600), data: { waitingMessage: "Let me find someone for you." } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "listen" },
    { id: "e2", source: "listen", sourceHandle: "next", target: "intent" },
    { id: "e3", source: "intent", sourceHandle: "order_status", target: "ask-order" },
    { id: "e4", source: "ask-order", sourceHandle: "next", target: "tracking" },
    { id: "e5", source: "tracking", sourceHandle: "next", target: "listen" },
    { id: "e6", source: "intent", sourceHandle: "fallback", target: "faq" },
    { id: "e7", source: "faq", sourceHandle: "answered", target: "listen" },
    { id: "e8", source: "faq", sourceHandle: "notFound", target: "person" },
    { id: "e10", source: "person", sourceHandle: "resolved", target: "listen" },
    { id: "e11", source: "person", sourceHandle: "returned", target: "listen" },
  ],
} as FlowGraph;

const aiData = (model: string) => ({ prompt: "{{ last_message }}", systemPrompt: "Be brief.", model, temperature: 0.3, maxTokens: 200, useKnowledge: false });

/** The NLP bot with an AI reply where the knowledge base has nothing. */
const aiGraph = (model: string): FlowGraph =>
  ({
    ...nlpGraph,
    nodes: [...nlpGraph.nodes.filter((n) => n.id !== "person"), { id: "ai", type: "llm", position: at(600), data: aiData(model) }],
    edges: [...nlpGraph.edges.filter((e) => !["e8", "e10", "e11"].includes(e.id)), { id: "e8", source: "faq", sourceHandle: "notFound", target: "ai" }, { id: "e9", source: "ai", sourceHandle: "next", target: "listen" }],
  }) as FlowGraph;

const httpGraph: FlowGraph = {
  ...nlpGraph,
  nodes: [
    ...nlpGraph.nodes.filter((n) => n.id !== "person"),
    { id: "lookup", type: "http", position: at(600), data: { method: "GET", url: "https://shop.test/orders/{{ order }}", headers: {}, body: "", timeoutMs: 5000, responseMapping: [] } },
  ],
  edges: [...nlpGraph.edges.filter((e) => !["e8", "e10", "e11"].includes(e.id)), { id: "e8", source: "faq", sourceHandle: "notFound", target: "lookup" }],
} as FlowGraph;

const generativeFaqGraph: FlowGraph = {
  ...nlpGraph,
  nodes: nlpGraph.nodes.map((n) => (n.id === "faq" ? { ...n, data: { topK: 3, answerMode: "llm", threshold: 0.3 } } : n)),
} as FlowGraph;

async function draftOf(graph: FlowGraph, name = "Draft") {
  const flow = await owner.caller.flows.create({ workspaceId, botId, name });
  const saved = await owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph, baseRevision: flow.draftRevision });
  return { flowId: flow.id, validation: saved.validation };
}

async function botWithIntent(name: string): Promise<string> {
  const id = (await owner.caller.bots.create({ workspaceId, name })).id;
  await owner.caller.intents.create({ workspaceId, botId: id, name: "order_status", examples: ["where is my order", "track my parcel"] });
  return id;
}

const planRefusal = (pattern: RegExp) => ({ code: "PRECONDITION_FAILED", message: expect.stringMatching(pattern) });

beforeAll(async () => {
  db = await createTestDatabase();
  owner = createTestBrowser(createTestServices(db.prisma));
  workspaceId = (await owner.caller.auth.signUp({ email: "plans@shop.test", password: "plans password 1", name: "Pat" })).workspaceId;
  botId = (await owner.caller.bots.create({ workspaceId, name: "Plan bot" })).id;
  await owner.caller.intents.create({ workspaceId, botId, name: "order_status", examples: ["where is my order", "track my parcel", "has my order shipped"] });
});
afterAll(async () => {
  await db.close();
});

describe("Starter's NLP bot", () => {
  beforeAll(async () => {
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "STARTER" });
  });

  it("saves and publishes a flow of intents, questions, FAQ answers and a handoff", async () => {
    const { flowId, validation } = await draftOf(nlpGraph, "NLP bot");
    expect(validation.errors).toEqual([]);
    const version = await owner.caller.flows.publish({ workspaceId, flowId });
    expect(version.number).toBe(1);
  });

  it("publishes the returns template (conditions, end) from the gallery", async () => {
    const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Returns", templateId: "returns-refunds" });
    expect((await owner.caller.flows.publish({ workspaceId, flowId: flow.id })).number).toBe(1);
  });

  it("marks an AI reply, an http call and AI-written FAQ answers on the canvas, and refuses to publish them", async () => {
    const ai = await draftOf(aiGraph("openai/gpt-4o-mini"));
    expect(ai.validation.errors).toEqual([
      { code: "stepNotOnPlan", nodeId: "ai", message: "“AI reply” steps are not part of the Starter plan. Remove this step, or upgrade to Pro to use it." },
    ]);
    await expect(owner.caller.flows.publish({ workspaceId, flowId: ai.flowId })).rejects.toMatchObject(planRefusal(/^This flow uses 1 step\(s\) your plan does not include.*“AI reply” steps are not part of the Starter plan/));

    const http = await draftOf(httpGraph);
    expect(http.validation.errors.filter((e) => e.code === "stepNotOnPlan").map((e) => e.nodeId)).toEqual(["lookup"]);
    await expect(owner.caller.flows.publish({ workspaceId, flowId: http.flowId })).rejects.toMatchObject(planRefusal(/HTTP request|http/i));

    const generative = await draftOf(generativeFaqGraph);
    expect(generative.validation.errors).toEqual([
      { code: "aiAnswerNotOnPlan", nodeId: "faq", message: "AI-written answers are not part of the Starter plan. Set this step to reply with the stored answer, or upgrade to Pro." },
    ]);
    await expect(owner.caller.flows.publish({ workspaceId, flowId: generative.flowId })).rejects.toMatchObject(planRefusal(/AI-written answers/));
    expect(await db.prisma.flowVersion.count({ where: { flowId: { in: [ai.flowId, http.flowId, generative.flowId] } } })).toBe(0);
  });

  it("refuses an imported AI flow at publish, not at import (the draft is kept to fix)", async () => {
    const imported = await owner.caller.flows.import({ workspaceId, botId, file: JSON.stringify({ name: "Imported", graph: aiGraph("anthropic/claude-opus-4") }) });
    expect(imported.validation.errors.map((e) => e.code)).toEqual(["stepNotOnPlan"]);
    await expect(owner.caller.flows.publish({ workspaceId, flowId: imported.id })).rejects.toMatchObject(planRefusal(/AI reply/));
  });
});

describe("AI models by plan", () => {
  it("Pro publishes the two listed models and refuses any other, naming the ones it can use", async () => {
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    for (const model of ["openai/gpt-4o-mini", "mistralai/mistral-small-3.1-24b-instruct"]) {
      const { flowId } = await draftOf(aiGraph(model));
      expect((await owner.caller.flows.publish({ workspaceId, flowId })).number).toBe(1);
    }
    const expensive = await draftOf(aiGraph("anthropic/claude-opus-4"));
    expect(expensive.validation.errors).toEqual([
      {
        code: "modelNotOnPlan",
        nodeId: "ai",
        message:
          "The AI model “anthropic/claude-opus-4” is not available on the Pro plan. Choose Mistral Small 3.1 (24B) (mistralai/mistral-small-3.1-24b-instruct) or GPT-4o mini (openai/gpt-4o-mini); other models need the Enterprise plan.",
      },
    ]);
    await expect(owner.caller.flows.publish({ workspaceId, flowId: expensive.flowId })).rejects.toMatchObject(planRefusal(/anthropic\/claude-opus-4.*not available on the Pro plan/));
    // An AI-written FAQ answer with its own model is held to the same list.
    const faqModel = await draftOf({ ...nlpGraph, nodes: nlpGraph.nodes.map((n) => (n.id === "faq" ? { ...n, data: { topK: 3, answerMode: "llm", model: "openai/o3-pro" } } : n)) } as FlowGraph);
    expect(faqModel.validation.errors.map((e) => [e.code, e.nodeId])).toEqual([["modelNotOnPlan", "faq"]]);
  });

  it("Enterprise publishes any OpenRouter model id, but not something that cannot be one", async () => {
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "ENTERPRISE" });
    const { flowId } = await draftOf(aiGraph("anthropic/claude-opus-4"));
    expect((await owner.caller.flows.publish({ workspaceId, flowId })).number).toBe(1);
    const junk = await draftOf(aiGraph("https://evil.test/model"));
    await expect(owner.caller.flows.publish({ workspaceId, flowId: junk.flowId })).rejects.toMatchObject(planRefusal(/is not a model id/));
  });
});

describe("a downgrade with a published flow the new plan cannot run", () => {
  it("switches the bot to the FAQ bot (greeting kept), tells the owner why, and lets them switch back after upgrading", async () => {
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    const bot = await botWithIntent("Downgraded bot");
    const flow = await owner.caller.flows.create({ workspaceId, botId: bot, name: "AI helper" });
    await owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph: aiGraph("openai/gpt-4o-mini"), baseRevision: 0 });
    await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot } })).activeFlowId).toBe(flow.id);
    expect(await owner.caller.flows.planFallback({ workspaceId, botId: bot })).toBeNull();

    const fallbacks = await setWorkspacePlan(db.prisma, { workspaceId, plan: "STARTER" });
    const faqFlow = await db.prisma.flow.findFirstOrThrow({ where: { botId: bot, name: FAQ_BOT_FLOW_NAME } });
    expect(fallbacks).toEqual([expect.objectContaining({ botId: bot, fromFlowId: flow.id, toFlowId: faqFlow.id })]);
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot } })).activeFlowId).toBe(faqFlow.id);
    const faqVersion = await db.prisma.flowVersion.findFirstOrThrow({ where: { flowId: faqFlow.id } });
    expect(JSON.stringify(faqVersion.graph)).toContain("Hi! Ask me about your order.");
    expect(faqVersion.note).toBe("Starter plan: “AI helper” no longer fits");
    const notice = await owner.caller.flows.planFallback({ workspaceId, botId: bot });
    expect(notice).toMatchObject({ plan: "STARTER", fromFlowId: flow.id, fromFlowName: "AI helper", reasons: [expect.stringContaining("“AI reply” steps are not part of the Starter plan")] });
    // The owner's flow and its versions are untouched.
    expect(await db.prisma.flowVersion.count({ where: { flowId: flow.id } })).toBe(1);
    // Running it again is refused on Starter; enforcing twice changes nothing.
    await expect(owner.caller.flows.setActive({ workspaceId, botId: bot, flowId: flow.id })).rejects.toMatchObject(planRefusal(/making it the one your widget runs/));
    await expect(owner.caller.flows.rollback({ workspaceId, flowId: flow.id, number: 1 })).rejects.toMatchObject(planRefusal(/AI reply/));
    expect(await setWorkspacePlan(db.prisma, { workspaceId, plan: "STARTER" })).toEqual([]);

    await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    await owner.caller.flows.setActive({ workspaceId, botId: bot, flowId: flow.id });
    expect(await owner.caller.flows.planFallback({ workspaceId, botId: bot })).toBeNull();
  });

  it("leaves a bot whose flow still fits alone", async () => {
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    const bot = await botWithIntent("Fitting bot");
    const flow = await owner.caller.flows.create({ workspaceId, botId: bot, name: "NLP" });
    await owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph: nlpGraph, baseRevision: 0 });
    await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
    const fallbacks = await setWorkspacePlan(db.prisma, { workspaceId, plan: "STARTER" });
    expect(fallbacks.map((f) => f.botId)).not.toContain(bot);
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot } })).activeFlowId).toBe(flow.id);
  });
});
