import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestRedis, type TestRedis } from "@chatwright/redis/testing";
import { openSharedState } from "./openSharedState";

let redis: TestRedis;
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await redis?.cleanUp();
});

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: { info: (message: string) => lines.push(message), warn: (_details: object, message: string) => lines.push(message) } };
}

const hit = { key: "visitor:x", rule: { limit: 1, windowMs: 60_000 } };

describe("openSharedState", () => {
  it("keeps everything in the process without REDIS_URL", async () => {
    const { log } = recordingLog();
    const shared = await openSharedState({ redisUrl: undefined, redisPrefix: "chatwright:", log });
    expect(shared.redis).toBeNull();
    expect(await shared.limiter.take([hit], 0)).toEqual({ ok: true });
    expect(await shared.limiter.take([hit], 1)).toMatchObject({ ok: false });
    expect(await shared.isAgentOnline(randomUUID())).toBe(false);
    await shared.close();
  });

  it("shares through Redis, and while Redis is away lets widget traffic through and treats a handoff as if an agent were online", async () => {
    const { lines, log } = recordingLog();
    const shared = await openSharedState({ redisUrl: redis.url, redisPrefix: redis.prefix, log });
    const workspaceId = randomUUID();
    expect(await shared.limiter.take([hit], 0)).toEqual({ ok: true });
    expect(await shared.limiter.take([hit], 1)).toMatchObject({ ok: false, key: "visitor:x" });
    expect(await shared.isAgentOnline(workspaceId)).toBe(false);

    shared.redis?.commands.disconnect();
    expect(await shared.limiter.take([hit], 2)).toEqual({ ok: true });
    expect(await shared.isAgentOnline(workspaceId)).toBe(true);
    expect(lines).toEqual(
      expect.arrayContaining([
        "widget rate limits could not be checked in Redis; the request was let through",
        "agent presence could not be read from Redis; treating the handoff as if an agent were online",
      ]),
    );
    // Events still reach this process's own subscribers.
    const received: unknown[] = [];
    shared.publisher.subscribe(workspaceId, (event) => received.push(event));
    shared.publisher.publish({ type: "typing", conversationId: workspaceId, isTyping: true });
    expect(received).toHaveLength(1);
    await shared.close();
  });
});
