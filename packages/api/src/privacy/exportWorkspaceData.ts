import type { Db } from "@chatwright/db";
import { loadConversationRecords, type ConversationRecord } from "./conversationRecords";

export const WORKSPACE_EXPORT_FORMAT = "chatwright.workspace-export.v1";

export interface WorkspaceExport {
  format: typeof WORKSPACE_EXPORT_FORMAT;
  exportedAt: string;
  workspace: { id: string; name: string; plan: string; subscriptionStatus: string | null; createdAt: string };
  members: { userId: string; email: string; name: string; role: string; joinedAt: string }[];
  invitations: { email: string; role: string; createdAt: string; expiresAt: string; acceptedAt: string | null }[];
  bots: {
    id: string;
    name: string;
    publicKey: string;
    allowedOrigins: string[];
    theme: unknown;
    whiteLabel: boolean;
    settings: unknown;
    activeFlowId: string | null;
    createdAt: string;
  }[];
  flows: {
    id: string;
    botId: string;
    name: string;
    graph: unknown;
    updatedAt: string;
    versions: { number: number; graph: unknown; note: string | null; publishedAt: string }[];
  }[];
  intents: { id: string; botId: string; name: string; description: string | null; examples: string[] }[];
  knowledgeSources: {
    id: string;
    botId: string;
    kind: string;
    title: string;
    status: string;
    originalName: string | null;
    createdAt: string;
    chunks: { position: number; question: string | null; answer: string | null; heading: string | null; content: string }[];
  }[];
  conversations: ConversationRecord[];
  llmUsage: { botId: string | null; conversationId: string | null; nodeId: string | null; model: string; promptTokens: number; completionTokens: number; costUsd: number | null; at: string }[];
  usageByMonth: { month: string; llmCalls: number; promptTokens: number; completionTokens: number; costUsd: number }[];
  auditLog: { action: string; userId: string | null; targetType: string | null; targetId: string | null; metadata: unknown; at: string }[];
}

/**
 * Everything a workspace owns, for its owner (data portability, or a copy
 * before deleting it). Secrets and derived data are left out: session and
 * invitation token hashes, password hashes, compiled statecharts (rebuilt
 * from the graph) and knowledge embeddings / search vectors (recomputed on import).
 */
export async function exportWorkspaceData(db: Db, input: { workspaceId: string; now: Date }): Promise<WorkspaceExport> {
  const where = { workspaceId: input.workspaceId };
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: input.workspaceId },
    select: { id: true, name: true, plan: true, subscriptionStatus: true, createdAt: true },
  });
  const members = await db.membership.findMany({ where, orderBy: { createdAt: "asc" }, select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } } });
  const invitations = await db.invitation.findMany({ where, orderBy: { createdAt: "asc" }, select: { email: true, role: true, createdAt: true, expiresAt: true, acceptedAt: true } });
  const bots = await db.bot.findMany({
    where,
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, publicKey: true, allowedOrigins: true, theme: true, whiteLabel: true, settings: true, activeFlowId: true, createdAt: true },
  });
  const flows = await db.flow.findMany({
    where,
    orderBy: { createdAt: "asc" },
    select: { id: true, botId: true, name: true, graph: true, updatedAt: true, versions: { orderBy: { number: "asc" }, select: { number: true, graph: true, note: true, createdAt: true } } },
  });
  const intents = await db.intent.findMany({ where, orderBy: { createdAt: "asc" }, select: { id: true, botId: true, name: true, description: true, examples: true } });
  const sources = await db.knowledgeSource.findMany({
    where,
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      botId: true,
      kind: true,
      title: true,
      status: true,
      originalName: true,
      createdAt: true,
      chunks: { orderBy: { position: "asc" }, select: { position: true, question: true, answer: true, heading: true, content: true } },
    },
  });
  const conversationIds = (await db.conversation.findMany({ where, orderBy: { createdAt: "asc" }, select: { id: true } })).map((c) => c.id);
  const llmUsage = await db.llmUsage.findMany({
    where,
    orderBy: { createdAt: "asc" },
    select: { botId: true, conversationId: true, nodeId: true, model: true, promptTokens: true, completionTokens: true, costUsd: true, createdAt: true },
  });
  const counters = usageByMonth(llmUsage);
  const audit = await db.auditLog.findMany({ where, orderBy: { createdAt: "asc" }, select: { action: true, userId: true, targetType: true, targetId: true, metadata: true, createdAt: true } });

  return {
    format: WORKSPACE_EXPORT_FORMAT,
    exportedAt: input.now.toISOString(),
    workspace: { ...workspace, createdAt: workspace.createdAt.toISOString() },
    members: members.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt.toISOString() })),
    invitations: invitations.map((i) => ({
      email: i.email,
      role: i.role,
      createdAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
      acceptedAt: i.acceptedAt?.toISOString() ?? null,
    })),
    bots: bots.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })),
    flows: flows.map((f) => ({
      id: f.id,
      botId: f.botId,
      name: f.name,
      graph: f.graph,
      updatedAt: f.updatedAt.toISOString(),
      versions: f.versions.map((v) => ({ number: v.number, graph: v.graph, note: v.note, publishedAt: v.createdAt.toISOString() })),
    })),
    intents,
    knowledgeSources: sources.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
    conversations: await loadConversationRecords(db, { workspaceId: input.workspaceId, conversationIds }),
    llmUsage: llmUsage.map(({ createdAt, ...u }) => ({ ...u, at: createdAt.toISOString() })),
    usageByMonth: counters,
    auditLog: audit.map(({ createdAt, ...a }) => ({ ...a, at: createdAt.toISOString() })),
  };
}

/** The AI calls' totals per UTC month (chat and embedding calls together), oldest first. */
function usageByMonth(rows: readonly { promptTokens: number; completionTokens: number; costUsd: number | null; createdAt: Date }[]): WorkspaceExport["usageByMonth"] {
  const months = new Map<string, WorkspaceExport["usageByMonth"][number]>();
  for (const row of rows) {
    const month = row.createdAt.toISOString().slice(0, 7);
    const entry = months.get(month) ?? { month, llmCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    entry.llmCalls += 1;
    entry.promptTokens += row.promptTokens;
    entry.completionTokens += row.completionTokens;
    entry.costUsd += row.costUsd ?? 0;
    months.set(month, entry);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}
