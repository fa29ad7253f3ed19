/**
 * How long ago, the way a help desk says it: "just now", "4 min", "1 h 5 min",
 * "3 days". Used for "waiting 4 min" and "4 min ago" in the inbox.
 */
export function formatWaitTime(since: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - since.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 && hours < 10 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return days === 1 ? "1 day" : `${days} days`;
}
