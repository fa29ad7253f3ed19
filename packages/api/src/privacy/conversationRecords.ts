import type { Db } from "@chatwright/db";

/** One conversation as a privacy export shows it: everything stored about it, as JSON-ready values. */
export interface ConversationRecord {
  id: string;
  botId: string;
  botName: string;
  visitorId: string;
  status: string;
  startedAt: string;
  updatedAt: string;
  closedAt: string | null;
  flowVersionNumber: number;
  /** What the flow collected (visitor_name, visitor_email, ask answers, ...). */
  variables: unknown;
  activeNodeId: string | null;
  /** The flow machine's persisted state (it holds the same variables). */
  machineState: unknown;
  messages: {
    seq: number;
    role: string;
    /** An agent's note for the team (never shown to the visitor), still data about them. */
    isInternal: boolean;
    text: string;
    nodeId: string | null;
    metadata: unknown;
    sentAt: string;
  }[];
  events: { type: string; nodeId: string | null; data: unknown; at: string }[];
  llmUsage: { model: string; nodeId: string | null; promptTokens: number; completionTokens: number; costUsd: number | null; at: string }[];
}

/** Internal notes carry `metadata.internal` (see the inbox). */
function isInternalNote(metadata: unknown): boolean {
  return typeof metadata === "object" && metadata !== null && "internal" in metadata && metadata.internal === true;
}

/** Loads whole conversations (messages, events, LLM usage) by id, oldest first, within one workspace. */
export async function loadConversationRecords(db: Db, input: { workspaceId: string; conversationIds: string[] }): Promise<ConversationRecord[]> {
  if (input.conversationIds.length === 0) return [];
  const conversations = await db.conversation.findMany({
    where: { workspaceId: input.workspaceId, id: { in: input.conversationIds } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      botId: true,
      bot: { select: { name: true } },
      visitorId: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      closedAt: true,
      flowVersion: { select: { number: true } },
      variables: true,
      activeNodeId: true,
      snapshot: true,
      messages: {
        orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
        select: { seq: true, role: true, text: true, nodeId: true, metadata: true, createdAt: true },
      },
      events: { orderBy: { createdAt: "asc" }, select: { type: true, nodeId: true, data: true, createdAt: true } },
      llmUsage: {
        orderBy: { createdAt: "asc" },
        select: { model: true, nodeId: true, promptTokens: true, completionTokens: true, costUsd: true, createdAt: true },
      },
    },
  });
  return conversations.map((c) => ({
    id: c.id,
    botId: c.botId,
    botName: c.bot.name,
    visitorId: c.visitorId,
    status: c.status,
    startedAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    flowVersionNumber: c.flowVersion.number,
    variables: c.variables,
    activeNodeId: c.activeNodeId,
    machineState: c.snapshot,
    messages: c.messages.map((m) => ({
      seq: m.seq,
      role: m.role,
      isInternal: isInternalNote(m.metadata),
      text: m.text,
      nodeId: m.nodeId,
      metadata: m.metadata,
      sentAt: m.createdAt.toISOString(),
    })),
    events: c.events.map((e) => ({ type: e.type, nodeId: e.nodeId, data: e.data, at: e.createdAt.toISOString() })),
    llmUsage: c.llmUsage.map((u) => ({
      model: u.model,
      nodeId: u.nodeId,
      promptTokens: u.promptTokens,
      completionTokens: u.completionTokens,
      costUsd: u.costUsd,
      at: u.createdAt.toISOString(),
    })),
  }));
}
