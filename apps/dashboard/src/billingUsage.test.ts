import { describe, expect, it } from "vitest";
import { describeMessageUsage } from "./billingUsage";

describe("describeMessageUsage", () => {
  it("shows use against the quota", () => {
    expect(describeMessageUsage({ month: "2026-11", visitorMessages: 1234, quota: 2000 })).toEqual({
      text: "1,234 of 2,000 visitor messages in November 2026",
      isOverQuota: false,
      share: 0.617,
    });
  });

  it("says when the quota is used up (the bot then answers that the chat is unavailable)", () => {
    expect(describeMessageUsage({ month: "2026-11", visitorMessages: 500, quota: 500 }).isOverQuota).toBe(false);
    expect(describeMessageUsage({ month: "2026-11", visitorMessages: 530, quota: 500 })).toMatchObject({ isOverQuota: true, share: 1 });
  });

  it("has no bar on unlimited plans", () => {
    expect(describeMessageUsage({ month: "2026-12", visitorMessages: 1, quota: null })).toEqual({
      text: "1 visitor message in December 2026 (unlimited on this plan)",
      isOverQuota: false,
      share: null,
    });
  });
});
