/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... capped, each scaled by 50–100 % so reconnecting widgets spread out. */
export function backoffDelay(attempt: number, random: () => number, options: { baseMs?: number; maxMs?: number } = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 8000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
