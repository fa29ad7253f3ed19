import type { Db } from "@chatwright/db";
import { DomainError } from "../errors";
import { loadConversationRecords, type ConversationRecord } from "./conversationRecords";
import { findVisitorConversationIds, type VisitorScope } from "./visitorConversations";

export const VISITOR_EXPORT_FORMAT = "chatwright.visitor-export.v1";

export interface VisitorExport {
  format: typeof VISITOR_EXPORT_FORMAT;
  exportedAt: string;
  workspace: { id: string; name: string };
  visitorId: string;
  botId: string | null;
  conversations: ConversationRecord[];
}

/**
 * Everything the workspace stores about one widget visitor, for a data
 * subject's access request: their conversations with every message
 * (internal notes included, marked), the variables the flow collected,
 * analytics events and the LLM calls made for them. NOT_FOUND when this
 * workspace has nothing for the id (another workspace's visitor included).
 */
export async function exportVisitorData(db: Db, input: VisitorScope & { now: Date }): Promise<VisitorExport> {
  const conversationIds = await findVisitorConversationIds(db, input);
  if (conversationIds.length === 0) {
    throw new DomainError("NOT_FOUND", "This workspace has no conversations for that visitor id. Check the id (the inbox shows it on each conversation).");
  }
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { id: true, name: true } });
  return {
    format: VISITOR_EXPORT_FORMAT,
    exportedAt: input.now.toISOString(),
    workspace,
    visitorId: input.visitorId,
    botId: input.botId,
    conversations: await loadConversationRecords(db, { workspaceId: input.workspaceId, conversationIds }),
  };
}
