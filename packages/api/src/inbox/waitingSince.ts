import type { ConversationStatus } from "@chatwright/runtime";

/**
 * Since when the visitor has been waiting for a person, for the inbox's
 * "waiting 12 min": from the handoff while nobody has answered since; once an
 * agent has replied, from the first visitor message after that reply (none:
 * the agent spoke last, nobody is waiting). With the bot, or closed: null.
 */
export function waitingSince(input: { status: ConversationStatus; handoffAt: Date | null; lastAgentReplyAt: Date | null; firstUnansweredAt: Date | null }): Date | null {
  const { status, handoffAt, lastAgentReplyAt, firstUnansweredAt } = input;
  if (status !== "WAITING_AGENT" && status !== "AGENT") return null;
  const isAnsweredSinceHandoff = lastAgentReplyAt !== null && (handoffAt === null || lastAgentReplyAt > handoffAt);
  return isAnsweredSinceHandoff ? firstUnansweredAt : handoffAt;
}
