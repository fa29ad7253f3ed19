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
    for (let i = 0; i < 5; i++) await shared.loginThrottle.byEmail.recordFailure("owner@shop.test", i);
    expect(await shared.loginThrottle.byEmail.check("owner@shop.test", 10)).toMatchObject({ isBlocked: true });
    expect(await shared.loginThrottle.byIp.check("owner@shop.test", 10)).toEqual({ isBlocked: false });
    await shared.close();
  });

  it("shares sign-in throttling between processes through Redis: 5 failures per email, 30 per IP", async () => {
    const { log } = recordingLog();
    const a = await openSharedState({ redisUrl: redis.url, redisPrefix: redis.prefix, log });
    const b = await openSharedState({ redisUrl: redis.url, redisPrefix: redis.prefix, log });
    const email = `${randomUUID()}@shop.test`;
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).loginThrottle.byEmail.recordFailure(email, i);
    expect(await a.loginThrottle.byEmail.check(email, 10)).toEqual({ isBlocked: false });
    await b.loginThrottle.byEmail.recordFailure(email, 10);
    expect(await a.loginThrottle.byEmail.check(email, 20)).toEqual({ isBlocked: true, retryAfterMs: 15 * 60_000 - 20 });
    for (let i = 0; i < 29; i++) await a.loginThrottle.byIp.recordFailure("203.0.113.5", i);
    expect(await b.loginThrottle.byIp.check("203.0.113.5", 100)).toEqual({ isBlocked: false });
    await a.loginThrottle.byIp.recordFailure("203.0.113.5", 100);
    expect(await b.loginThrottle.byIp.check("203.0.113.5", 100)).toMatchObject({ isBlocked: true });
    await a.close();
    await b.close();
  });

  it("shares through Redis, and while Redis is away lets widget traffic and sign-ins through and treats a handoff as if an agent were online", async () => {
    const { lines, log } = recordingLog();
    const shared = await openSharedState({ redisUrl: redis.url, redisPrefix: redis.prefix, log });
    const workspaceId = randomUUID();
    expect(await shared.limiter.take([hit], 0)).toEqual({ ok: true });
    expect(await shared.limiter.take([hit], 1)).toMatchObject({ ok: false, key: "visitor:x" });
    expect(await shared.isAgentOnline(workspaceId)).toBe(false);

    shared.redis?.commands.disconnect();
    expect(await shared.limiter.take([hit], 2)).toEqual({ ok: true });
    expect(await shared.isAgentOnline(workspaceId)).toBe(true);
    // Sign-in fails open too: the attempt goes ahead and its failure is not counted, rather than an error.
    await expect(shared.loginThrottle.byEmail.recordFailure("owner@shop.test", 2)).resolves.toBeUndefined();
    await expect(shared.loginThrottle.byIp.reset("203.0.113.5")).resolves.toBeUndefined();
    expect(await shared.loginThrottle.byEmail.check("owner@shop.test", 3)).toEqual({ isBlocked: false });
    expect(lines).toEqual(
      expect.arrayContaining([
        "widget rate limits could not be checked in Redis; the request was let through",
        "agent presence could not be read from Redis; treating the handoff as if an agent were online",
        "sign-in throttling could not be checked or counted in Redis; the attempt was let through",
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
