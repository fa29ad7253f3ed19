import { describe, expect, it } from "vitest";
import { describeReturningVisitors, formatTimeout } from "./describeReturningVisitors";

describe("formatTimeout", () => {
  it("says minutes, hours or days, whichever is whole", () => {
    expect(formatTimeout(1)).toBe("1 minute");
    expect(formatTimeout(30)).toBe("30 minutes");
    expect(formatTimeout(60)).toBe("1 hour");
    expect(formatTimeout(90)).toBe("90 minutes");
    expect(formatTimeout(180)).toBe("3 hours");
    expect(formatTimeout(2880)).toBe("2 days");
  });
});

describe("describeReturningVisitors", () => {
  it("says who gets the new version when", () => {
    expect(describeReturningVisitors(30)).toBe(
      "New conversations run it at once. Visitors already chatting keep the version they started with; one who comes back after more than 30 minutes without writing starts a new conversation on it.",
    );
  });
});
