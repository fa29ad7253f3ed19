/** One UTC day of a bot's conversations, by the day each conversation was opened (visitor messages: by the day they were sent). */
export interface DailyActivity {
  /** YYYY-MM-DD (UTC) */
  day: string;
  /** conversations opened (the widget greeted someone) */
  conversations: number;
  /** of those, the ones in which the visitor wrote at least once */
  engagedConversations: number;
  /** engaged conversations the bot got through on its own: no handoff and no question it could not answer */
  handledByBot: number;
  /** engaged conversations handed over to a person at least once */
  handedOff: number;
  /** engaged conversations, not handed off, with at least one question the bot could not answer */
  leftUnanswered: number;
  visitorMessages: number;
  /** visitor ratings (the newest per conversation) */
  ratings: number;
  /** their average, 1..5; null with none */
  averageRating: number | null;
}

export interface ActivityTotals {
  conversations: number;
  engagedConversations: number;
  visitorMessages: number;
  handedOff: number;
  leftUnanswered: number;
  handledByBot: number;
  /** handledByBot / engagedConversations (0..1); null with no engaged conversation */
  automationRate: number | null;
  /** visitor messages the bot could not answer (intent fallback / nothing in the knowledge base) */
  unanswered: number;
  /** the conversations they were asked in (handed off or not) */
  unansweredConversations: number;
}

export interface ActivityInput {
  /** the period's days, oldest first */
  days: readonly string[];
  /** per day the conversations were opened: how many, how many with a visitor message, how many of those were handed off */
  conversations: readonly { day: string; conversations: number; engaged: number; handedOff: number }[];
  messages: readonly { day: string; count: number }[];
  /** each conversation with an unanswered question, once: the day it was opened and whether it was handed off too */
  unansweredConversations: readonly { day: string; isHandedOff: boolean }[];
  /** visitor messages the bot could not answer */
  unansweredTurns: number;
  /** one rating per conversation, by the day the conversation was opened */
  ratings: readonly { day: string; rating: number }[];
}

/**
 * The period's totals and days. Every engaged conversation is exactly one of
 * handled by the bot, handed off, or left with an unanswered question, so
 * "handled by the bot" can never say 100 % while questions went unanswered,
 * and the days add up to the totals.
 */
export function summarizeActivity(input: ActivityInput): { totals: ActivityTotals; daily: DailyActivity[] } {
  const byDay = new Map<string, DailyActivity & { ratingSum: number }>(
    input.days.map((day) => [
      day,
      { day, conversations: 0, engagedConversations: 0, handledByBot: 0, handedOff: 0, leftUnanswered: 0, visitorMessages: 0, ratings: 0, averageRating: null, ratingSum: 0 },
    ]),
  );
  const totals: ActivityTotals = { conversations: 0, engagedConversations: 0, visitorMessages: 0, handedOff: 0, leftUnanswered: 0, handledByBot: 0, automationRate: null, unanswered: input.unansweredTurns, unansweredConversations: 0 };
  for (const row of input.conversations) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    entry.conversations += row.conversations;
    entry.engagedConversations += row.engaged;
    entry.handedOff += row.handedOff;
  }
  for (const row of input.unansweredConversations) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    totals.unansweredConversations += 1;
    if (!row.isHandedOff) entry.leftUnanswered += 1;
  }
  for (const row of input.messages) {
    const entry = byDay.get(row.day);
    if (entry) entry.visitorMessages += row.count;
  }
  for (const row of input.ratings) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    entry.ratings += 1;
    entry.ratingSum += row.rating;
  }
  const daily: DailyActivity[] = [];
  for (const { ratingSum, ...entry } of byDay.values()) {
    // Clamped so the three parts always add up to the engaged conversations, whatever odd rows old data holds.
    entry.leftUnanswered = Math.min(entry.leftUnanswered, entry.engagedConversations - entry.handedOff);
    entry.handledByBot = entry.engagedConversations - entry.handedOff - entry.leftUnanswered;
    entry.averageRating = entry.ratings === 0 ? null : ratingSum / entry.ratings;
    daily.push(entry);
    totals.conversations += entry.conversations;
    totals.engagedConversations += entry.engagedConversations;
    totals.visitorMessages += entry.visitorMessages;
    totals.handedOff += entry.handedOff;
    totals.leftUnanswered += entry.leftUnanswered;
    totals.handledByBot += entry.handledByBot;
  }
  totals.automationRate = totals.engagedConversations === 0 ? null : totals.handledByBot / totals.engagedConversations;
  return { totals, daily };
}
