import type { InboxConversation } from "../trpc";

export interface ConversationPlan {
  /** The one blue button: what the agent most likely does next here. */
  primary: "claim" | "reply" | null;
  /** Whether the reply box is there (only the assigned agent may write to the visitor). */
  canReply: boolean;
  /** "Take over" a conversation a colleague has. */
  canTakeOver: boolean;
  canAssign: boolean;
  /** Resolve / Return to bot: only while a person has the conversation. */
  canRelease: boolean;
}

/**
 * The actions an agent gets on a conversation, by its state: waiting for a
 * person -> Claim; the agent's own -> the reply box (focused); a colleague's
 * -> Take over as a secondary; with the bot or closed -> nothing to do but
 * read, note and export.
 */
export function planConversationActions(conversation: Pick<InboxConversation, "status" | "assignee">, userId: string): ConversationPlan {
  const isWithPerson = conversation.status === "WAITING_AGENT" || conversation.status === "AGENT";
  if (!isWithPerson) return { primary: null, canReply: false, canTakeOver: false, canAssign: false, canRelease: false };
  if (!conversation.assignee) return { primary: "claim", canReply: false, canTakeOver: false, canAssign: true, canRelease: true };
  if (conversation.assignee.userId === userId && conversation.status === "AGENT") return { primary: "reply", canReply: true, canTakeOver: false, canAssign: true, canRelease: true };
  return { primary: null, canReply: false, canTakeOver: true, canAssign: true, canRelease: true };
}
