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
