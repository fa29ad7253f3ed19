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
