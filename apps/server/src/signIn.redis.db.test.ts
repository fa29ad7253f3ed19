import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBrowser, createTestServices } from "@chatwright/api/testing";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { connectTestRedis, type TestRedis } from "@chatwright/redis/testing";
import { openSharedState, type SharedState } from "./openSharedState";

// Two server processes on one Redis and one database: a person who fails on
// one and retries on the other meets the same count.
let db: MigratedTestDatabase;
let redis: TestRedis;
let processes: SharedState[];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await connectTestRedis();
  const log = { info: () => undefined, warn: () => undefined };
  processes = await Promise.all([0, 1].map(() => openSharedState({ redisUrl: redis.url, redisPrefix: redis.prefix, log })));
});
afterAll(async () => {
  await Promise.all(processes.map((shared) => shared.close()));
  await redis?.cleanUp();
  await db?.close();
});

const password = "a long enough password";
const browserOn = (index: 0 | 1, ip = "127.0.0.1") => {
  const shared = processes[index];
  if (!shared) throw new Error("the processes are opened in beforeAll");
  return createTestBrowser(createTestServices(db.prisma, { throttle: shared.loginThrottle }), { ip });
};

/** Every guess at once from one IP, spread over both processes; the outcome of each, in order. */
async function sendBurst(ip: string, email: string, guesses: string[]) {
  const results = await Promise.allSettled(guesses.map((guess, i) => browserOn(i % 2 ? 1 : 0, ip).caller.auth.signIn({ email, password: guess })));
  return results.map((result) => (result.status === "fulfilled" ? "SIGNED_IN" : result.reason instanceof TRPCError ? result.reason.code : String(result.reason)));
}

describe("sign-in throttling across processes", () => {
  it("blocks the sixth attempt for an email whichever process counted the failures, even with the right password", async () => {
    await browserOn(0).caller.auth.signUp({ email: "shared@shop.test", password, name: "S" });
    for (let i = 0; i < 5; i++) {
      await expect(browserOn(i % 2 ? 1 : 0).caller.auth.signIn({ email: "shared@shop.test", password: "wrong" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(browserOn(1).caller.auth.signIn({ email: "shared@shop.test", password })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-in attempts. Wait 15 minutes and try again.",
    });
  });

  it("forgets an email's failures on every process once it signs in", async () => {
    await browserOn(0).caller.auth.signUp({ email: "forgets@shop.test", password, name: "F" });
    const failTwice = async (index: 0 | 1) => {
      for (let i = 0; i < 2; i++) {
        await expect(browserOn(index).caller.auth.signIn({ email: "forgets@shop.test", password: "wrong" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      }
    };
    await failTwice(0);
    await failTwice(1);
    await browserOn(1).caller.auth.signIn({ email: "forgets@shop.test", password });
    // Four more failures would have made eight: after the sign-in they are only four, and the right password still works.
    await failTwice(0);
    await failTwice(1);
    await expect(browserOn(0).caller.auth.signIn({ email: "forgets@shop.test", password })).resolves.toMatchObject({ userId: expect.any(String) });
  });

  it("checks at most 5 passwords of a burst of 60 wrong ones sent at once through both processes", async () => {
    await browserOn(0).caller.auth.signUp({ email: "burst@shop.test", password, name: "B" });
    const outcomes = await sendBurst("203.0.113.66", "burst@shop.test", Array<string>(60).fill("wrong guess"));
    expect(outcomes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(5);
    expect(outcomes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(55);
  });

  it("does not sign in with the right password at position 37 of a burst of 60", async () => {
    const { userId } = await browserOn(0).caller.auth.signUp({ email: "position37@shop.test", password, name: "P" });
    const sessionsBefore = await db.prisma.session.count({ where: { userId } });
    const outcomes = await sendBurst("203.0.113.67", "position37@shop.test", Array.from({ length: 60 }, (_, i) => (i === 36 ? password : `wrong guess ${i}`)));
    expect(outcomes[36]).toBe("TOO_MANY_REQUESTS");
    expect(outcomes).not.toContain("SIGNED_IN");
    expect(await db.prisma.session.count({ where: { userId } })).toBe(sessionsBefore);
  });

  it("lets the owner sign in from her own IP while an attacker's IP is locked out of her email", async () => {
    await browserOn(0).caller.auth.signUp({ email: "hammered@shop.test", password, name: "H" });
    const outcomes = await sendBurst("203.0.113.68", "hammered@shop.test", Array<string>(30).fill("wrong guess"));
    expect(outcomes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(5);
    await expect(browserOn(1, "198.51.100.7").caller.auth.signIn({ email: "hammered@shop.test", password })).resolves.toMatchObject({ userId: expect.any(String) });
    await expect(browserOn(0, "203.0.113.68").caller.auth.signIn({ email: "hammered@shop.test", password })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});
