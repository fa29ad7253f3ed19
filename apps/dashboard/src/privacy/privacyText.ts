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

export type ParsedRetention = { ok: true; days: number | null } | { ok: false; message: string };

/** The retention box: empty keeps conversations; otherwise a whole number of days from 1 to 3650. */
export function parseRetentionDays(text: string): ParsedRetention {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, days: null };
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: "Enter a whole number of days, or leave it empty to keep conversations." };
  const days = Number(trimmed);
  if (days < 1 || days > 3650) return { ok: false, message: "Choose from 1 to 3650 days." };
  return { ok: true, days };
}

export function describeRetention(days: number | null): string {
  if (days === null) return "Conversations are kept until you delete them.";
  return `Conversations are deleted ${plural(days, "day", "days")} after their last message.`;
}
