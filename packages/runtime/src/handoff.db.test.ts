import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createKeywordServices } from "@chatwright/flow";
import { createRuntime, type RuntimeOptions } from "./createRuntime";
import { createInProcessPublisher } from "./createInProcessPublisher";
import { createInMemoryPresence } from "./presence";
import { listMessagesAfter } from "./queries/messages";
import type { InboxEvent, OutboundEvent } from "./outbound";
import { buildGraph, createWorkspaceWithBot, publishGraph } from "./testing/fixtures";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 8 });
});
afterAll(async () => {
  await db.close();
});

const handoffGraph = buildGraph(
  [
    { id: "start", type: "start", data: { greeting: "Hi!" } },
    { id: "listen", type: "listen", data: {} },
    { id: "human", type: "handoff", data: { waitingMessage: "Connecting you to a person…", offlineMessage: "Nobody is in right now; we'll email you." } },
    { id: "back", type: "message", data: { text: "The bot is back. Anything else?" } },
    { id: "bye", type: "end", data: { message: "Glad we could help!", askRating: false } },
  ],
  ["start:next->listen", "listen:next->human", "human:returned->back", "human:resolved->bye", "back:next->listen"],
);

async function agentUser(name: string, workspaceId: string) {
  const user = await db.prisma.user.create({ data: { email: `${name.toLowerCase()}-${workspaceId}@shop.test`, name, passwordHash: "x" } });
  await db.prisma.membership.create({ data: { workspaceId, userId: user.id, role: "AGENT" } });
  return user.id;
}

async function handedOff(overrides: Partial<RuntimeOptions> = {}) {
  const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, `Handoff ${Math.random().toString(36).slice(2, 8)}`);
  const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph: handoffGraph });
  const publisher = createInProcessPublisher();
  const runtime = createRuntime({ pool: db.pool, publisher, servicesFor: () => createKeywordServices(), ...overrides });
  const inbox: InboxEvent[] = [];
  publisher.subscribeWorkspace(workspaceId, (e) => inbox.push(e));
  const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
  const visitor: OutboundEvent[] = [];
  publisher.subscribe(conversationId, (e) => visitor.push(e));
  const asked = await runtime.sendVisitorMessage({ conversationId, text: "a person please", clientMessageId: null });
  return { workspaceId, botId, conversationId, runtime, publisher, inbox, visitor, asked };
}

describe("handoff in the runtime", () => {
  it("announces the handoff on the workspace's inbox topic", async () => {
    const { asked, inbox, conversationId, workspaceId } = await handedOff();
    expect(asked.status).toBe("WAITING_AGENT");
    expect(inbox).toEqual([{ type: "inbox", workspaceId, conversationId, status: "WAITING_AGENT", reason: "handoff" }]);
  });

  it("sends the offline message instead of the waiting one when no agent is online", async () => {
    const presence = createInMemoryPresence();
    const offline = await handedOff({ isAgentOnline: (ws) => presence.isAnyoneOnline(ws) });
    expect(offline.asked.replies.map((r) => r.text)).toEqual(["Nobody is in right now; we'll email you."]);
    expect(offline.asked.status).toBe("WAITING_AGENT");
    const away = createInMemoryPresence();
    const online = await handedOff({
      isAgentOnline: async (ws) => {
        await away.heartbeat({ workspaceId: ws, userId: "00000000-0000-4000-8000-000000000001", state: "online" });
        return away.isAnyoneOnline(ws);
      },
    });
    expect(online.asked.replies.map((r) => r.text)).toEqual(["Connecting you to a person…"]);
  });

  it("lets exactly one of two agents claiming at once win; the other learns who has it", async () => {
    const { workspaceId, conversationId, runtime } = await handedOff();
    const ada = await agentUser("Ada", workspaceId);
    const bob = await agentUser("Bob", workspaceId);
    const results = await Promise.allSettled([
      runtime.claimConversation({ conversationId, workspaceId, agentUserId: ada }),
      runtime.claimConversation({ conversationId, workspaceId, agentUserId: bob }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0]?.status === "fulfilled" ? won[0].value.assignedAgentId : null;
    const winnerName = winner === ada ? "Ada" : "Bob";
    expect(lost[0]?.status === "rejected" ? lost[0].reason : null).toMatchObject({ code: "ALREADY_CLAIMED", message: `Already claimed by ${winnerName}.` });
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row).toMatchObject({ status: "AGENT", assignedAgentId: winner });
  });

  it("publishes the agent's reply to the visitor, keeps notes off the visitor's topic and sequence, and resumes at the returned output", async () => {
    const { workspaceId, conversationId, runtime, visitor, inbox } = await handedOff();
    const ada = await agentUser("Ada", workspaceId);
    await expect(runtime.addAgentMessage({ conversationId, workspaceId, agentUserId: ada, text: "too early", clientMessageId: null })).rejects.toMatchObject({ code: "NOT_ASSIGNED" });
    await runtime.claimConversation({ conversationId, workspaceId, agentUserId: ada });
    const note = await runtime.addInternalNote({ conversationId, workspaceId, authorUserId: ada, text: "VIP customer" });
    expect(note.seq).toBe(-1);
    const reply = await runtime.addAgentMessage({ conversationId, workspaceId, agentUserId: ada, text: "Hi, I'm Ada.", clientMessageId: "agent-1" });
    const again = await runtime.addAgentMessage({ conversationId, workspaceId, agentUserId: ada, text: "Hi, I'm Ada.", clientMessageId: "agent-1" });
    expect(again.id).toBe(reply.id);
    expect(reply).toMatchObject({ role: "AGENT", seq: 4 });
    const published = visitor.flatMap((e) => (e.type === "message" ? [[e.message.role, e.message.text]] : e.type === "status" ? [["status", e.status]] : []));
    expect(published).toEqual([
      ["VISITOR", "a person please"],
      ["BOT", "Connecting you to a person…"],
      ["status", "WAITING_AGENT"],
      ["status", "AGENT"],
      ["AGENT", "Hi, I'm Ada."],
    ]);
    expect((await listMessagesAfter(db.pool, conversationId, 0)).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(inbox.map((e) => e.reason)).toEqual(["handoff", "claimed", "note", "message"]);

    const back = await runtime.releaseFromAgent({ conversationId, workspaceId, outcome: "returned", agentUserId: ada });
    expect(back.replies.map((r) => r.text)).toEqual(["The bot is back. Anything else?"]);
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row).toMatchObject({ status: "BOT", assignedAgentId: null, activeNodeId: "listen" });
    await expect(runtime.addAgentMessage({ conversationId, workspaceId, agentUserId: ada, text: "late", clientMessageId: null })).rejects.toMatchObject({ code: "NOT_ASSIGNED" });
  });

  it("refuses every action on a conversation of another workspace", async () => {
    const { conversationId, runtime } = await handedOff();
    const other = await createWorkspaceWithBot(db.prisma, "Other");
    const eve = await agentUser("Eve", other.workspaceId);
    const scope = { conversationId, workspaceId: other.workspaceId };
    await expect(runtime.claimConversation({ ...scope, agentUserId: eve })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(runtime.assignConversation({ ...scope, assigneeUserId: eve, byUserId: eve })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(runtime.addAgentMessage({ ...scope, agentUserId: eve, text: "hi", clientMessageId: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(runtime.addInternalNote({ ...scope, authorUserId: eve, text: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("handoff when nobody can take it", () => {
  const handoffData = { waitingMessage: "Connecting you to a person…", offlineMessage: "Nobody is in right now." };
  const london = { timezone: "Europe/London", days: { mon: [{ from: "09:00", to: "17:00" }] } };
  // Monday 2024-06-03: 10:00 and 18:00 in London (BST, UTC+1).
  const mondayMorning = Date.parse("2024-06-03T09:00:00Z");
  const mondayEvening = Date.parse("2024-06-03T17:00:00Z");

  function graphWith(data: Record<string, unknown>, options: { hasOfflineOutput: boolean }) {
    return buildGraph(
      [
        { id: "start", type: "start", data: { greeting: "Hi!" } },
        { id: "listen", type: "listen", data: {} },
        { id: "human", type: "handoff", data },
        { id: "lead", type: "ask", data: { question: "Leave your email and we'll write back.", validation: "email", variable: "email", retryMessage: "That isn't an email." } },
        { id: "thanks", type: "message", data: { text: "Thanks, we'll write to {{ email }}." } },
        { id: "bye", type: "end", data: { askRating: false } },
      ],
      [
        "start:next->listen",
        "listen:next->human",
        "human:returned->listen",
        "human:resolved->bye",
        ...(options.hasOfflineOutput ? ["human:offline->lead"] : []),
        "lead:next->thanks",
        "thanks:next->listen",
      ],
    );
  }

  /** A visitor asks for a person; `asked` counts how often presence was consulted. */
  async function askForPerson(graph: ReturnType<typeof buildGraph>, setup: { isOnline: boolean; now?: number }) {
    const { workspaceId, botId } = await createWorkspaceWithBot(db.prisma, `Offline ${Math.random().toString(36).slice(2, 8)}`);
    const flowVersionId = await publishGraph(db.prisma, { workspaceId, botId, graph });
    const publisher = createInProcessPublisher();
    const asked = { count: 0 };
    const runtime = createRuntime({
      pool: db.pool,
      publisher,
      servicesFor: () => createKeywordServices({ now: () => setup.now ?? mondayMorning }),
      isAgentOnline: (ws) => {
        expect(ws).toBe(workspaceId);
        asked.count += 1;
        return Promise.resolve(setup.isOnline);
      },
    });
    const inbox: InboxEvent[] = [];
    publisher.subscribeWorkspace(workspaceId, (e) => inbox.push(e));
    const { conversationId } = await runtime.startConversation({ workspaceId, botId, flowVersionId, visitorId: "v" });
    const visitor: OutboundEvent[] = [];
    publisher.subscribe(conversationId, (e) => visitor.push(e));
    const turn = await runtime.sendVisitorMessage({ conversationId, text: "a person please", clientMessageId: null });
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const events = await db.prisma.conversationEvent.findMany({ where: { conversationId, type: { in: ["handoff", "handoffOffline"] } }, select: { type: true, nodeId: true, data: true } });
    const stored = (await listMessagesAfter(db.pool, conversationId, 0)).map((m) => [m.role, m.text]);
    const published = visitor.flatMap((e) => (e.type === "message" ? [[e.message.role, e.message.text]] : e.type === "status" ? [["status", e.status]] : []));
    return { runtime, conversationId, turn, row, events, stored, published, inbox, asked };
  }

  it("with an `offline` output: sends the offline message, follows the output, and the bot keeps the conversation", async () => {
    const { runtime, conversationId, turn, row, events, stored, published, inbox, asked } = await askForPerson(graphWith(handoffData, { hasOfflineOutput: true }), { isOnline: false });
    expect(asked.count).toBe(1);
    expect(turn.status).toBe("BOT");
    expect(turn.replies.map((r) => r.text)).toEqual(["Nobody is in right now.", "Leave your email and we'll write back."]);
    expect(row).toMatchObject({ status: "BOT", activeNodeId: "lead", assignedAgentId: null });
    expect(stored).toEqual([
      ["BOT", "Hi!"],
      ["VISITOR", "a person please"],
      ["BOT", "Nobody is in right now."],
      ["BOT", "Leave your email and we'll write back."],
    ]);
    expect(published).toEqual([
      ["VISITOR", "a person please"],
      ["BOT", "Nobody is in right now."],
      ["BOT", "Leave your email and we'll write back."],
    ]);
    expect(events).toEqual([{ type: "handoffOffline", nodeId: "human", data: {} }]);
    // Nothing for the inbox: no person is asked to act.
    expect(inbox).toEqual([]);
    const answered = await runtime.sendVisitorMessage({ conversationId, text: "ann@shop.test", clientMessageId: null });
    expect(answered.replies.map((r) => r.text)).toEqual(["Thanks, we'll write to ann@shop.test."]);
  });

  it("without an `offline` output: sends the offline message and waits for a person", async () => {
    const { turn, row, events, published, inbox } = await askForPerson(graphWith(handoffData, { hasOfflineOutput: false }), { isOnline: false });
    expect(turn.status).toBe("WAITING_AGENT");
    expect(turn.replies.map((r) => r.text)).toEqual(["Nobody is in right now."]);
    expect(row).toMatchObject({ status: "WAITING_AGENT", activeNodeId: "human" });
    expect(published).toEqual([
      ["VISITOR", "a person please"],
      ["BOT", "Nobody is in right now."],
      ["status", "WAITING_AGENT"],
    ]);
    expect(events).toEqual([{ type: "handoff", nodeId: "human", data: { offline: true } }]);
    expect(inbox.map((e) => e.reason)).toEqual(["handoff"]);
  });

  it("outside business hours behaves as offline even with agents online, without asking presence", async () => {
    const { turn, row, events, asked } = await askForPerson(graphWith({ ...handoffData, businessHours: london }, { hasOfflineOutput: true }), { isOnline: true, now: mondayEvening });
    expect(asked.count).toBe(0);
    expect(turn.status).toBe("BOT");
    expect(turn.replies.map((r) => r.text)).toEqual(["Nobody is in right now.", "Leave your email and we'll write back."]);
    expect(row).toMatchObject({ status: "BOT", activeNodeId: "lead" });
    expect(events).toEqual([{ type: "handoffOffline", nodeId: "human", data: {} }]);

    const waiting = await askForPerson(graphWith({ ...handoffData, businessHours: london }, { hasOfflineOutput: false }), { isOnline: true, now: mondayEvening });
    expect(waiting.turn.status).toBe("WAITING_AGENT");
    expect(waiting.turn.replies.map((r) => r.text)).toEqual(["Nobody is in right now."]);
  });

  it("inside business hours with an agent online hands over as usual", async () => {
    const { turn, row, events, published, inbox, asked } = await askForPerson(graphWith({ ...handoffData, businessHours: london }, { hasOfflineOutput: true }), { isOnline: true, now: mondayMorning });
    expect(asked.count).toBe(1);
    expect(turn.status).toBe("WAITING_AGENT");
    expect(turn.replies.map((r) => r.text)).toEqual(["Connecting you to a person…"]);
    expect(row).toMatchObject({ status: "WAITING_AGENT", activeNodeId: "human" });
    expect(published.at(-1)).toEqual(["status", "WAITING_AGENT"]);
    expect(events).toEqual([{ type: "handoff", nodeId: "human", data: {} }]);
    expect(inbox.map((e) => e.reason)).toEqual(["handoff"]);
  });
});
