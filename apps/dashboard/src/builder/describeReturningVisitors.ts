/** "30 minutes", "1 hour", "2 days": a session timeout as an owner would say it. */
export function formatTimeout(minutes: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}

/**
 * What a publish means for visitors (the runtime's rule, shouldStartFresh):
 * a conversation keeps its version; one idle past the session timeout starts
 * over on the newest when the visitor comes back.
 */
export function describeReturningVisitors(sessionTimeoutMinutes: number): string {
  return `New conversations run it at once. Visitors already chatting keep the version they started with; one who comes back after more than ${formatTimeout(sessionTimeoutMinutes)} without writing starts a new conversation on it.`;
}
