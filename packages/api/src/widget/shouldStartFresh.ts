import type { ConversationStatus } from "@chatwright/runtime";

/** What the decision needs of the visitor's stored conversation. */
export interface ResumableConversation {
  status: ConversationStatus;
  /** The last time a turn, a handoff or a person touched it. */
  updatedAt: Date;
  /** The version it is pinned to. */
  flowVersionId: string;
}

/**
 * Whether a returning visitor gets a new conversation instead of their old
 * one. A conversation never changes version mid-way; one left idle longer
 * than the bot's session timeout, while a newer version of the bot's flow is
 * live, is over: the visitor starts fresh on the newest version. A person
 * handling it (waiting for or talking to an agent) keeps it whatever its age.
 */
export function shouldStartFresh(
  conversation: ResumableConversation,
  options: { newestVersionId: string | null; sessionTimeoutMinutes: number; now: Date },
): boolean {
  if (conversation.status === "WAITING_AGENT" || conversation.status === "AGENT") return false;
  if (options.newestVersionId === null || options.newestVersionId === conversation.flowVersionId) return false;
  return options.now.getTime() - conversation.updatedAt.getTime() > options.sessionTimeoutMinutes * 60_000;
}
