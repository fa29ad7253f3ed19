import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices } from "../testing";
import { signIn, type EmailLockout } from "./sign-in";
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE_RULES, type LoginThrottleRule } from "./throttle";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const password = "a long enough password";
const attackerIp = "203.0.113.66";
const ownerIp = "198.51.100.7";

/** One server process's throttles with these rules (the product's by default). */
function createThrottle(rules: { byEmail: LoginThrottleRule; byIp: LoginThrottleRule } = DEFAULT_LOGIN_THROTTLE_RULES) {
  return { byEmail: createLoginThrottle(rules.byEmail), byIp: createLoginThrottle(rules.byIp) };
}

async function signUpOwner(email: string) {
  const { userId } = await createTestBrowser(createTestServices(db.prisma)).caller.auth.signUp({ email, password, name: "Olga" });
  return userId;
}

/** Sends every guess at once, as one client would with parallel requests; the outcome of each, in order. */
async function sendBurst(services: ReturnType<typeof createTestServices>, ip: string, email: string, guesses: string[]) {
  const browser = createTestBrowser(services, { ip });
  const results = await Promise.allSettled(guesses.map((guess) => browser.caller.auth.signIn({ email, password: guess })));
  return results.map((result) => (result.status === "fulfilled" ? "SIGNED_IN" : result.reason instanceof TRPCError ? result.reason.code : String(result.reason)));
}

describe("sign-in throttling against parallel guesses", () => {
  it("checks at most 5 passwords of a burst of 60 wrong ones sent at once for one email from one IP", async () => {
    await signUpOwner("burst@shop.test");
    const outcomes = await sendBurst(createTestServices(db.prisma, { throttle: createThrottle() }), attackerIp, "burst@shop.test", Array<string>(60).fill("wrong guess"));
    expect(outcomes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(5);
    expect(outcomes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(55);
  });

  it("does not sign in with the right password at position 37 of a burst of 60", async () => {
    const userId = await signUpOwner("position37@shop.test");
    const sessionsBefore = await db.prisma.session.count({ where: { userId } });
    const guesses = Array.from({ length: 60 }, (_, i) => (i === 36 ? password : `wrong guess ${i}`));
    const outcomes = await sendBurst(createTestServices(db.prisma, { throttle: createThrottle() }), attackerIp, "position37@shop.test", guesses);
    expect(outcomes[36]).toBe("TOO_MANY_REQUESTS");
    expect(outcomes).not.toContain("SIGNED_IN");
    expect(await db.prisma.session.count({ where: { userId } })).toBe(sessionsBefore);
  });

  it("holds an unknown email to the same count, so the throttle reveals no accounts", async () => {
    const outcomes = await sendBurst(createTestServices(db.prisma, { throttle: createThrottle() }), attackerIp, "nobody@shop.test", Array<string>(20).fill("wrong guess"));
    expect(outcomes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(5);
  });
});

describe("sign-in throttling per email and client", () => {
  const rules = { byEmail: { maxFailures: 3, maxFailuresFromAllClients: 8, windowMs: 15 * 60_000 }, byIp: { maxFailures: 30, windowMs: 15 * 60_000 } };

  it("lets the owner sign in from her own IP while an attacker elsewhere is locked out of her email", async () => {
    await signUpOwner("hammered@shop.test");
    const services = createTestServices(db.prisma, { throttle: createThrottle(rules) });
    const outcomes = await sendBurst(services, attackerIp, "hammered@shop.test", Array<string>(20).fill("wrong guess"));
    expect(outcomes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(3);
    // Her own typo first: counted for her IP only.
    const owner = createTestBrowser(services, { ip: ownerIp });
    await expect(owner.caller.auth.signIn({ email: "hammered@shop.test", password: "a typo in it" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(owner.caller.auth.signIn({ email: "hammered@shop.test", password })).resolves.toMatchObject({ userId: expect.any(String) });
    // Signing in forgave her typo, not the attacker's guesses.
    await expect(createTestBrowser(services, { ip: attackerIp }).caller.auth.signIn({ email: "hammered@shop.test", password })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("locks every client out only once guesses from many IPs reach the email's higher limit", async () => {
    await signUpOwner("distributed@shop.test");
    const services = createTestServices(db.prisma, { throttle: createThrottle(rules) });
    // Eight failures spread over four IPs: two each, no IP at its own limit.
    for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]) {
      expect(await sendBurst(services, ip, "distributed@shop.test", ["wrong 1", "wrong 2"])).toEqual(["UNAUTHORIZED", "UNAUTHORIZED"]);
    }
    await expect(createTestBrowser(services, { ip: ownerIp }).caller.auth.signIn({ email: "distributed@shop.test", password })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-in attempts. Wait 15 minutes and try again.",
    });
  });

  it("tells onEmailLocked once per lockout of an existing account, and never about unknown emails", async () => {
    const userId = await signUpOwner("told@shop.test");
    const throttle = createThrottle(rules);
    const lockouts: EmailLockout[] = [];
    const now = new Date("2026-03-01T12:00:00Z");
    const attempt = (email: string, ip: string) =>
      signIn(db.prisma, { email, password: "wrong guess" }, { now, ip, throttle, onEmailLocked: (lockout) => lockouts.push(lockout) }).catch((error: unknown) => error);
    await Promise.all(Array.from({ length: 10 }, () => attempt("told@shop.test", attackerIp)));
    expect(lockouts).toEqual([{ userId, email: "told@shop.test", ip: attackerIp, lockedFor: "client", at: now }]);
    await Promise.all(Array.from({ length: 10 }, () => attempt("nobody-to-tell@shop.test", attackerIp)));
    expect(lockouts).toHaveLength(1);
    // Five more failures from other IPs fill the email's own count of 8.
    for (const ip of ["192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14", "192.0.2.15"]) await attempt("told@shop.test", ip);
    expect(lockouts.map((lockout) => [lockout.lockedFor, lockout.ip])).toEqual([
      ["client", attackerIp],
      ["all-clients", "192.0.2.15"],
    ]);
  });

  it("does not count an attempt whose password could not be checked", async () => {
    const throttle = createThrottle({ ...rules, byEmail: { ...rules.byEmail, maxFailures: 1 } });
    const brokenDb = new Proxy(db.prisma, {
      get: (target, property, receiver) => (property === "user" ? { findUnique: () => Promise.reject(new Error("the database is down")) } : Reflect.get(target, property, receiver)),
    });
    const context = { now: new Date(), ip: ownerIp, throttle };
    await expect(signIn(brokenDb, { email: "unchecked@shop.test", password }, context)).rejects.toThrow("the database is down");
    await expect(signIn(brokenDb, { email: "unchecked@shop.test", password }, context)).rejects.toThrow("the database is down");
    expect(await throttle.byEmail.check("unchecked@shop.test", Date.now(), ownerIp)).toEqual({ isBlocked: false });
  });
});
