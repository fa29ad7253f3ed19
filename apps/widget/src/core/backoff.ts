/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... capped, each scaled by 50–100 % so reconnecting widgets spread out. */
export function backoffDelay(attempt: number, random: () => number, { baseMs = 500, maxMs = 8000 }: { baseMs?: number; maxMs?: number } = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
