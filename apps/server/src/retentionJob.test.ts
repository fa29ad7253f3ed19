import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { startRetentionJob } from "./retentionJob";

describe("startRetentionJob", () => {
  it("runs after the first delay, then on every interval, reports failures without stopping, and stops", async () => {
    let calls = 0;
    const purge = () => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error("database away")) : Promise.resolve({ hasRun: true, bots: 1, conversations: calls });
    };
    const runs: number[] = [];
    const errors: unknown[] = [];
    const job = startRetentionJob({ purge, firstRunAfterMs: 40, everyMs: 40, onRun: (run) => runs.push(run.conversations), onError: (error) => errors.push(error) });
    expect(calls).toBe(0);
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3), { timeout: 2000, interval: 10 });
    expect(errors).toEqual([new Error("database away")]);
    expect(runs.slice(0, 2)).toEqual([1, 3]);
    job.stop();
    const callsAtStop = calls;
    await sleep(150);
    expect(calls).toBe(callsAtStop);
  });
});
