import type { Db } from "@chatwright/db";
import { hashVisitorId } from "./hashVisitorId";
import { findVisitorConversationIds, type VisitorScope } from "./visitorConversations";

export interface VisitorDeletion {
  conversations: number;
  messages: number;
  events: number;
  /** LLM usage rows kept for the workspace's spend, their link to the conversation removed. */
  llmUsageUnlinked: number;
  /** Bots whose cached AI answers must be forgotten (an answer may echo what the visitor wrote). */
  botIds: string[];
}

/**
 * Erases one visitor: their conversations, and with them (by cascade) the
 * messages, internal notes, analytics events and inbox read marks. LLM usage
 * rows hold only model, tokens and cost; they stay for billing with their
 * conversation link set to null. The audit row records who erased how much,
 * never the visitor's id or words. Deleting a visitor this workspace does
 * not have changes nothing but the audit log.
 */
export async function deleteVisitorData(db: Db, input: VisitorScope & { userId: string }): Promise<VisitorDeletion> {
  return db.$transaction(async (tx) => {
    const conversationIds = await findVisitorConversationIds(tx, input);
    const scope = { workspaceId: input.workspaceId, conversationId: { in: conversationIds } };
    // One connection: the counts run one after another.
    const messages = await tx.message.count({ where: scope });
    const events = await tx.conversationEvent.count({ where: scope });
    const llmUsageUnlinked = await tx.llmUsage.count({ where: scope });
    const bots = await tx.conversation.findMany({ where: { workspaceId: input.workspaceId, id: { in: conversationIds } }, select: { botId: true }, distinct: ["botId"] });
    const deleted = await tx.conversation.deleteMany({ where: { workspaceId: input.workspaceId, id: { in: conversationIds } } });
    const result: VisitorDeletion = { conversations: deleted.count, messages, events, llmUsageUnlinked, botIds: bots.map((bot) => bot.botId) };
    await tx.auditLog.create({
      data: {
        workspaceId: input.workspaceId,
        userId: input.userId,
        action: "privacy.visitor_deleted",
        targetType: "Visitor",
        metadata: {
          visitorIdSha256: hashVisitorId(input),
          botId: input.botId,
          conversations: result.conversations,
          messages,
          events,
          llmUsageUnlinked,
        },
      },
    });
    return result;
  });
}
