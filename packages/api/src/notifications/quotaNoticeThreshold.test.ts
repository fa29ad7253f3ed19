import { describe, expect, it } from "vitest";
import { quotaNoticeThreshold } from "./quotaNoticeThreshold";

describe("quotaNoticeThreshold", () => {
  it("warns from 80 % and says so again at 100 %", () => {
    expect(quotaNoticeThreshold(399, 500)).toBeNull();
    expect(quotaNoticeThreshold(400, 500)).toBe(80);
    expect(quotaNoticeThreshold(499, 500)).toBe(80);
    expect(quotaNoticeThreshold(500, 500)).toBe(100);
    expect(quotaNoticeThreshold(9000, 500)).toBe(100);
  });

  it("never for an unlimited plan", () => {
    expect(quotaNoticeThreshold(1_000_000, null)).toBeNull();
  });
});
