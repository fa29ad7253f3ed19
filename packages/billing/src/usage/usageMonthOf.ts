/** "YYYY-MM" of a date in UTC: the usage counter's month (the same key the LLM usage uses). */
export function usageMonthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}
