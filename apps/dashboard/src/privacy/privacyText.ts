/** How a visitor search matched, in the owner's words. */
export const MATCHED_BY_WORDS = { visitorId: "visitor id", variable: "email or name they gave", message: "words they wrote" } as const;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The confirmation after erasing a visitor. */
export function describeVisitorDeletion(visitorId: string, counts: { conversations: number; messages: number }): string {
  if (counts.conversations === 0) return `Nothing was stored for visitor ${visitorId} any more.`;
  return `Erased visitor ${visitorId}: ${plural(counts.conversations, "conversation", "conversations")} and ${plural(counts.messages, "message", "messages")}.`;
}
