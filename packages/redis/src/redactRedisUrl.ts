/** The URL as it may appear in logs: the password (and a user's name) replaced. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an invalid REDIS_URL)";
  }
}
