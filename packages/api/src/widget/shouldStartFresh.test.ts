import { describe, expect, it } from "vitest";
import { shouldStartFresh, type ResumableConversation } from "./shouldStartFresh";

const now = new Date("2026-03-01T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const pinnedToV1 = (status: ResumableConversation["status"], idleMinutes: number): ResumableConversation => ({ status, updatedAt: minutesAgo(idleMinutes), flowVersionId: "v1" });

describe("shouldStartFresh", () => {
  it("starts fresh when idle past the timeout and a newer version is live", () => {
    expect(shouldStartFresh(pinnedToV1("BOT", 31), { newestVersionId: "v2", sessionTimeoutMinutes: 30, now })).toBe(true);
    expect(shouldStartFresh(pinnedToV1("CLOSED", 31), { newestVersionId: "v2", sessionTimeoutMinutes: 30, now })).toBe(true);
  });

  it("keeps the conversation within the timeout, however new the version", () => {
    expect(shouldStartFresh(pinnedToV1("BOT", 30), { newestVersionId: "v2", sessionTimeoutMinutes: 30, now })).toBe(false);
    expect(shouldStartFresh(pinnedToV1("BOT", 2), { newestVersionId: "v2", sessionTimeoutMinutes: 5, now })).toBe(false);
  });

  it("keeps an idle conversation that already runs the newest version, or when nothing is live", () => {
    expect(shouldStartFresh(pinnedToV1("BOT", 600), { newestVersionId: "v1", sessionTimeoutMinutes: 30, now })).toBe(false);
    expect(shouldStartFresh(pinnedToV1("BOT", 600), { newestVersionId: null, sessionTimeoutMinutes: 30, now })).toBe(false);
  });

  it("never takes a conversation away from a person", () => {
    expect(shouldStartFresh(pinnedToV1("WAITING_AGENT", 600), { newestVersionId: "v2", sessionTimeoutMinutes: 30, now })).toBe(false);
    expect(shouldStartFresh(pinnedToV1("AGENT", 600), { newestVersionId: "v2", sessionTimeoutMinutes: 30, now })).toBe(false);
  });
});
