/** The periods the analytics tab offers (the server accepts exactly these). */
export const ANALYTICS_PERIOD_OPTIONS = [
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIOD_OPTIONS)[number]["days"];

const OUTCOME_NAMES: Readonly<Record<string, string>> = {
  fallback: "No intent matched",
  notFound: "Not in the knowledge base",
  answered: "Answered",
  next: "Done",
  error: "Failed",
  ok: "Succeeded",
  resolved: "Resolved by your team",
  returned: "Returned to the bot",
  offline: "Nobody was online",
};

/** A node output's handle in an owner's words; an intent's name stays as it is. */
export function describeOutcome(handle: string): string {
  return Object.hasOwn(OUTCOME_NAMES, handle) ? (OUTCOME_NAMES[handle] ?? handle) : `Intent “${handle}”`;
}

/** "Nov 25" from "2026-11-25" (a UTC day). */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

/** A day's numbers as the analytics tab gets them (the server's DailyActivity). */
export interface AnalyticsDay {
  day: string;
  conversations: number;
  engagedConversations: number;
  handledByBot: number;
  handedOff: number;
  leftUnanswered: number;
  visitorMessages: number;
  ratings: number;
  averageRating: number | null;
}

const CSV_COLUMNS: readonly { title: string; value: (day: AnalyticsDay) => string }[] = [
  { title: "Conversations", value: (d) => String(d.conversations) },
  { title: "Conversations with a visitor message", value: (d) => String(d.engagedConversations) },
  { title: "Handled by the bot", value: (d) => String(d.handledByBot) },
  { title: "Handed to your team", value: (d) => String(d.handedOff) },
  { title: "Left with an unanswered question", value: (d) => String(d.leftUnanswered) },
  { title: "Handled by the bot (%)", value: (d) => (d.engagedConversations === 0 ? "" : ((d.handledByBot / d.engagedConversations) * 100).toFixed(1)) },
  { title: "Visitor messages", value: (d) => String(d.visitorMessages) },
  { title: "Ratings", value: (d) => String(d.ratings) },
  { title: "Average rating (1-5)", value: (d) => (d.averageRating === null ? "" : d.averageRating.toFixed(2)) },
];

/**
 * The period's numbers as CSV (RFC 4180, CRLF): one row per UTC day, oldest
 * first, and a total row — what a spreadsheet opens as it is.
 */
export function analyticsCsv(daily: readonly AnalyticsDay[]): string {
  const total = daily.reduce<AnalyticsDay & { ratingSum: number }>(
    (sum, d) => ({
      ...sum,
      conversations: sum.conversations + d.conversations,
      engagedConversations: sum.engagedConversations + d.engagedConversations,
      handledByBot: sum.handledByBot + d.handledByBot,
      handedOff: sum.handedOff + d.handedOff,
      leftUnanswered: sum.leftUnanswered + d.leftUnanswered,
      visitorMessages: sum.visitorMessages + d.visitorMessages,
      ratings: sum.ratings + d.ratings,
      ratingSum: sum.ratingSum + (d.averageRating ?? 0) * d.ratings,
    }),
    { day: "Total", conversations: 0, engagedConversations: 0, handledByBot: 0, handedOff: 0, leftUnanswered: 0, visitorMessages: 0, ratings: 0, averageRating: null, ratingSum: 0 },
  );
  const totalRow: AnalyticsDay = { ...total, averageRating: total.ratings === 0 ? null : total.ratingSum / total.ratings };
  const lines = [["Day (UTC)", ...CSV_COLUMNS.map((c) => c.title)], ...[...daily, totalRow].map((d) => [d.day, ...CSV_COLUMNS.map((c) => c.value(d))])];
  return `${lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** "chatwright-tea-shop-2026-11-01-to-2026-11-30.csv": the bot and the period, in a name any system accepts. */
export function analyticsFileName(botName: string, daily: readonly { day: string }[]): string {
  const slug =
    botName
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "bot";
  const first = daily[0]?.day ?? "";
  const last = daily.at(-1)?.day ?? "";
  return `chatwright-${slug}-${first}-to-${last}.csv`;
}

/** Each day's share of engaged conversations the bot handled on its own (0..1); null on a day nobody wrote. */
export function dailyAutomationRates(daily: readonly AnalyticsDay[]): (number | null)[] {
  return daily.map((d) => (d.engagedConversations === 0 ? null : d.handledByBot / d.engagedConversations));
}

/** A chart's text alternative: "Conversations: 143 over 30 days, most on Nov 12 (12)." */
export function describeSeries(label: string, days: readonly string[], values: readonly (number | null)[], format: "count" | "percent"): string {
  const known = values.flatMap((value, index) => (value === null ? [] : [{ value, day: days[index] ?? "" }]));
  if (known.length === 0) return `${label}: nothing in this period.`;
  const peak = known.reduce((best, point) => (point.value > best.value ? point : best));
  const low = known.reduce((worst, point) => (point.value < worst.value ? point : worst));
  const show = (value: number) => (format === "percent" ? `${Math.round(value * 100)}%` : value.toLocaleString("en-US"));
  if (format === "percent") return `${label}: from ${show(low.value)} on ${shortDay(low.day)} to ${show(peak.value)} on ${shortDay(peak.day)}.`;
  const total = known.reduce((sum, point) => sum + point.value, 0);
  return `${label}: ${show(total)} over ${days.length} days, most on ${shortDay(peak.day)} (${show(peak.value)}).`;
}

/** "4.3" — a rating average with one decimal. */
export function formatRating(average: number | null): string {
  return average === null ? "—" : (Math.round(average * 10) / 10).toFixed(1);
}

const WAITING_HINTS: Readonly<Record<string, string>> = {
  listen: "waiting for their next question",
  ask: "after the bot asked them something",
  end: "at the end of the flow",
};

/** A drop-off step in an owner's words: what the step is, and what stopping there usually means. */
export function describeStep(step: { nodeId: string; type: string; title: string; label: string | null }): { name: string; hint: string | null } {
  return { name: step.label ? `${step.title}: ${step.label}` : `${step.title} (${step.nodeId})`, hint: Object.hasOwn(WAITING_HINTS, step.type) ? (WAITING_HINTS[step.type] ?? null) : null };
}
