/** Nearest-rank percentile of an ascending-sorted list (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

export function summarize(samples: readonly number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** Milliseconds with two decimals: enough resolution, short lines. */
export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** One benchmark result: one JSON object per line, numbers only (plus the `metric` / `db` labels). */
export function emit(line: Record<string, string | number>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Runs `worker(i)` for i in 0..count-1 with at most `concurrency` in flight. */
export async function runConcurrently(count: number, concurrency: number, worker: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(count, concurrency) }, async () => {
    while (next < count) await worker(next++);
  });
  await Promise.all(lanes);
}
