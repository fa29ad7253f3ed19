import { describe, expect, it } from "vitest";
import { formatWaitTime } from "./formatWaitTime";

const now = new Date("2026-03-02T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe("formatWaitTime", () => {
  it("says minutes, hours and days the way a help desk does", () => {
    expect(formatWaitTime(ago(0.5), now)).toBe("just now");
    expect(formatWaitTime(ago(4), now)).toBe("4 min");
    expect(formatWaitTime(ago(65), now)).toBe("1 h 5 min");
    expect(formatWaitTime(ago(120), now)).toBe("2 h");
    expect(formatWaitTime(ago(11 * 60 + 20), now)).toBe("11 h");
    expect(formatWaitTime(ago(26 * 60), now)).toBe("1 day");
    expect(formatWaitTime(ago(72 * 60), now)).toBe("3 days");
  });

  it("says just now for a clock slightly ahead of ours", () => {
    expect(formatWaitTime(ago(-2), now)).toBe("just now");
  });
});
