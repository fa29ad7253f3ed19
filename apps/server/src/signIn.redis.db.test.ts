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
const browserOn = (index: 0 | 1) => {
  const shared = processes[index];
  if (!shared) throw new Error("the processes are opened in beforeAll");
  return createTestBrowser(createTestServices(db.prisma, { throttle: shared.loginThrottle }));
};

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
});
