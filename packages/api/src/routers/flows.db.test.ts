import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { getFlowTemplate, listFlowTemplates, type FlowGraph } from "@chatwright/flow";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";
import { setWorkspacePlan } from "../workspaces/workspaces";
import { buildFaqBotGraph } from "../flows/faqBot";

let db: MigratedTestDatabase;
let owner: TestBrowser;
let other: TestBrowser;
let workspaceId: string;
let otherWorkspaceId: string;
let botId: string;

const greetingGraph = (text: string): FlowGraph =>
  ({
    schemaVersion: 1,
    nodes: [
      { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
      { id: "listen", type: "listen", position: { x: 0, y: 100 }, data: {} },
      { id: "say", type: "message", position: { x: 0, y: 200 }, data: { text } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "next", target: "listen" },
      { id: "e2", source: "listen", sourceHandle: "next", target: "say" },
      { id: "e3", source: "say", sourceHandle: "next", target: "listen" },
    ],
  }) as FlowGraph;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = createTestServices(db.prisma);
  owner = createTestBrowser(services);
  other = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "flows@shop.test", password: "flows password 1", name: "Flo" })).workspaceId;
  otherWorkspaceId = (await other.caller.auth.signUp({ email: "other@shop.test", password: "other password 1", name: "Oz" })).workspaceId;
  botId = (await owner.caller.bots.create({ workspaceId, name: "Flow bot" })).id;
  // The flow builder is a Pro feature; the plan gate has its own tests below.
  await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
  await setWorkspacePlan(db.prisma, { workspaceId: otherWorkspaceId, plan: "PRO" });
});
afterAll(async () => {
  await db.close();
});

describe("flows", () => {
  it("saves an invalid draft with its problems, refuses to publish it, and publishes once fixed", async () => {
    const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Main" });
    expect(flow.validation.errors).toEqual([expect.objectContaining({ nodeId: "start" })]);
    const broken = { ...greetingGraph("Hello"), edges: [] };
    const saved = await owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph: broken, baseRevision: flow.draftRevision });
    expect(saved.draftRevision).toBe(1);
    expect(saved.validation.errors.length).toBeGreaterThan(0);
    const refused = await owner.caller.flows.publish({ workspaceId, flowId: flow.id }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("problem(s) to fix before publishing") });
    expect(await db.prisma.flowVersion.count({ where: { flowId: flow.id } })).toBe(0);

    const fixed = await owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph: greetingGraph("Hello"), baseRevision: 1 });
    expect(fixed.validation.errors).toEqual([]);
    const v1 = await owner.caller.flows.publish({ workspaceId, flowId: flow.id, note: "first" });
    expect(v1).toMatchObject({ number: 1, note: "first", createdByName: "Flo" });
    const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: botId } });
    expect(bot.activeFlowId).toBe(flow.id);
    const version = await owner.caller.flows.version({ workspaceId, flowId: flow.id, number: 1 });
    expect(JSON.parse(JSON.stringify(version.machine))).toEqual(version.machine);
  });

  it("refuses a save based on an old revision (two tabs) and keeps the newer draft", async () => {
    const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Tabs" });
    await owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph: greetingGraph("tab A"), baseRevision: 0 });
    await expect(owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph: greetingGraph("tab B"), baseRevision: 0 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const stored = await owner.caller.flows.get({ workspaceId, flowId: flow.id });
    expect(JSON.stringify(stored.graph)).toContain("tab A");
  });

  it("lists versions, rolls back by re-publishing an old version as the newest", async () => {
    const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Versions", graph: greetingGraph("one") });
    await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
    await owner.caller.flows.saveDraft({ workspaceId, flowId: flow.id, graph: greetingGraph("two"), baseRevision: 0 });
    await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
    const rolled = await owner.caller.flows.rollback({ workspaceId, flowId: flow.id, number: 1 });
    expect(rolled).toMatchObject({ number: 3, note: "Rollback to version 1" });
    const versions = await owner.caller.flows.versions({ workspaceId, flowId: flow.id });
    expect(versions.map((v) => v.number)).toEqual([3, 2, 1]);
    const v3 = await owner.caller.flows.version({ workspaceId, flowId: flow.id, number: 3 });
    const v1 = await owner.caller.flows.version({ workspaceId, flowId: flow.id, number: 1 });
    expect(v3.graph).toEqual(v1.graph);
    expect(v3.machine).toEqual(v1.machine);
  });

  it("creates a flow from every gallery template with its intents, and each publishes", async () => {
    for (const template of listFlowTemplates()) {
      const flow = await owner.caller.flows.create({ workspaceId, botId, name: template.name, templateId: template.id });
      expect(flow.validation.errors, template.id).toEqual([]);
      await expect(owner.caller.flows.publish({ workspaceId, flowId: flow.id })).resolves.toMatchObject({ number: 1 });
    }
    const router = getFlowTemplate("greeting-router");
    const intents = await db.prisma.intent.findMany({ where: { botId }, select: { name: true } });
    for (const intent of router?.intents ?? []) expect(intents.map((i) => i.name)).toContain(intent.name);
  });

  it("exports and imports a flow; a file that is not a flow is refused and nothing is written", async () => {
    const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Portable", graph: greetingGraph("portable") });
    const file = await owner.caller.flows.export({ workspaceId, flowId: flow.id });
    expect(file).toMatchObject({ format: "chatwright-flow", version: 1, name: "Portable" });
    const imported = await owner.caller.flows.import({ workspaceId, botId, file: JSON.stringify(file) });
    expect(imported.graph).toEqual(flow.graph);
    const before = await db.prisma.flow.count();
    await expect(owner.caller.flows.import({ workspaceId, botId, file: "{not json" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not valid JSON") });
    await expect(owner.caller.flows.import({ workspaceId, botId, file: JSON.stringify({ nodes: "nope" }) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("not a Chatwright flow"),
    });
    expect(await db.prisma.flow.count()).toBe(before);
  });

  it("sets the active flow only to a published flow of the same bot", async () => {
    const unpublished = await owner.caller.flows.create({ workspaceId, botId, name: "Unpublished" });
    await expect(owner.caller.flows.setActive({ workspaceId, botId, flowId: unpublished.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const published = await owner.caller.flows.create({ workspaceId, botId, name: "Published", graph: greetingGraph("live") });
    await owner.caller.flows.publish({ workspaceId, flowId: published.id });
    await owner.caller.flows.setActive({ workspaceId, botId, flowId: published.id });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: botId } })).activeFlowId).toBe(published.id);
  });

  it("simulates a draft turn by turn without storing anything", async () => {
    const conversations = await db.prisma.conversation.count();
    const graph = greetingGraph("Echo: {{ last_message }}");
    const first = await owner.caller.conversations.simulate({ workspaceId, botId, graph });
    expect(first).toMatchObject({ ok: true, status: "waiting", activeNodeId: "listen" });
    if (!first.ok) throw new Error("unreachable");
    const second = await owner.caller.conversations.simulate({ workspaceId, botId, graph, snapshot: first.snapshot, event: { type: "VISITOR_MESSAGE", text: "hello" } });
    expect(second).toMatchObject({ ok: true, messages: [{ nodeId: "say", text: "Echo: hello", quickReplies: [] }], path: ["say", "listen"] });
    const invalid = await owner.caller.conversations.simulate({ workspaceId, botId, graph: { schemaVersion: 1, nodes: [], edges: [] } });
    expect(invalid.ok).toBe(false);
    expect(await db.prisma.conversation.count()).toBe(conversations);
  });

  it("keeps tenants apart: another workspace's user gets NOT_FOUND for every flow procedure", async () => {
    const flow = await owner.caller.flows.create({ workspaceId, botId, name: "Private", graph: greetingGraph("private") });
    await owner.caller.flows.publish({ workspaceId, flowId: flow.id });
    const w = otherWorkspaceId;
    const calls = [
      () => other.caller.flows.get({ workspaceId: w, flowId: flow.id }),
      () => other.caller.flows.list({ workspaceId: w, botId }),
      () => other.caller.flows.create({ workspaceId: w, botId, name: "x" }),
      () => other.caller.flows.saveDraft({ workspaceId: w, flowId: flow.id, graph: greetingGraph("pwned"), baseRevision: 0 }),
      () => other.caller.flows.publish({ workspaceId: w, flowId: flow.id }),
      () => other.caller.flows.versions({ workspaceId: w, flowId: flow.id }),
      () => other.caller.flows.version({ workspaceId: w, flowId: flow.id, number: 1 }),
      () => other.caller.flows.rollback({ workspaceId: w, flowId: flow.id, number: 1 }),
      () => other.caller.flows.setActive({ workspaceId: w, botId, flowId: flow.id }),
      () => other.caller.flows.export({ workspaceId: w, flowId: flow.id }),
      () => other.caller.flows.import({ workspaceId: w, botId, file: "{}" }),
      () => other.caller.conversations.simulate({ workspaceId: w, botId, graph: greetingGraph("x") }),
      () => other.caller.flows.get({ workspaceId, flowId: flow.id }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|BAD_REQUEST/) });
    const stored = await owner.caller.flows.get({ workspaceId, flowId: flow.id });
    expect(JSON.stringify(stored.graph)).toContain("private");
    expect(await db.prisma.flowVersion.count({ where: { flowId: flow.id } })).toBe(1);
  });
});

describe("the flow builder's plan gate", () => {
  let freeOwner: TestBrowser;
  let freeWorkspaceId: string;
  let freeBotId: string;

  beforeAll(async () => {
    freeOwner = createTestBrowser(createTestServices(db.prisma));
    freeWorkspaceId = (await freeOwner.caller.auth.signUp({ email: "free@shop.test", password: "free password 1", name: "Fay" })).workspaceId;
    freeBotId = (await freeOwner.caller.bots.create({ workspaceId: freeWorkspaceId, name: "Free bot" })).id;
  });

  it("refuses custom graphs, drafts, imports and publishes on Free, and writes nothing (Starter's limited canvas: flowPlans.db.test.ts)", async () => {
    const upgrade = { code: "PRECONDITION_FAILED", message: "The flow builder is part of the Starter and Pro plans. Upgrade to edit flows." };
    const w = freeWorkspaceId;
    // A blank draft is allowed (it is what the FAQ-bot setup and an upgrade start from) but cannot be edited or published.
    const blank = await freeOwner.caller.flows.create({ workspaceId: w, botId: freeBotId, name: "Blank" });
    const flowsBefore = await db.prisma.flow.count({ where: { workspaceId: w } });
    for (const plan of ["FREE"] as const) {
      await setWorkspacePlan(db.prisma, { workspaceId: w, plan });
      await expect(freeOwner.caller.flows.create({ workspaceId: w, botId: freeBotId, name: "Custom", graph: greetingGraph("x") })).rejects.toMatchObject(upgrade);
      await expect(freeOwner.caller.flows.saveDraft({ workspaceId: w, flowId: blank.id, graph: greetingGraph("x"), baseRevision: 0 })).rejects.toMatchObject(upgrade);
      await expect(freeOwner.caller.flows.import({ workspaceId: w, botId: freeBotId, file: JSON.stringify({ graph: greetingGraph("x") }) })).rejects.toMatchObject(upgrade);
      await expect(freeOwner.caller.flows.publish({ workspaceId: w, flowId: blank.id })).rejects.toMatchObject(upgrade);
    }
    expect(await db.prisma.flow.count({ where: { workspaceId: w } })).toBe(flowsBefore);
    expect(await db.prisma.flowVersion.count({ where: { workspaceId: w } })).toBe(0);
    expect((await freeOwner.caller.flows.get({ workspaceId: w, flowId: blank.id })).draftRevision).toBe(0);
    await setWorkspacePlan(db.prisma, { workspaceId: w, plan: "FREE" });
  });

  it("sets up the fixed FAQ bot on Free: published, active, and re-running it updates the same flow", async () => {
    const first = await freeOwner.caller.flows.setupFaqBot({ workspaceId: freeWorkspaceId, botId: freeBotId, greeting: "Welcome to Fay's shop!" });
    expect(first.version).toMatchObject({ number: 1, note: "FAQ bot setup" });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: freeBotId } })).activeFlowId).toBe(first.flowId);
    const stored = await freeOwner.caller.flows.get({ workspaceId: freeWorkspaceId, flowId: first.flowId });
    expect(stored.graph).toEqual(buildFaqBotGraph("Welcome to Fay's shop!"));
    expect(stored.validation.errors).toEqual([]);
    const second = await freeOwner.caller.flows.setupFaqBot({ workspaceId: freeWorkspaceId, botId: freeBotId, greeting: "Hello again" });
    expect(second.flowId).toBe(first.flowId);
    expect(second.version.number).toBe(2);
    await expect(other.caller.flows.setupFaqBot({ workspaceId: otherWorkspaceId, botId: freeBotId, greeting: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
