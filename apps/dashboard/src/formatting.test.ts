import { describe, expect, it } from "vitest";
import { excerpt, formatBytes, formatMonth, formatPercent, formatUsd } from "./formatting";

describe("formatBytes", () => {
  it("uses the unit a person expects", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1023 bytes");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(250 * 1024)).toBe("250 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
    expect(formatBytes(3 * 1024 ** 4)).toBe("3072 GB");
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });
});

describe("formatPercent", () => {
  it("rounds and clamps to 0–100", () => {
    expect(formatPercent(0.873)).toBe("87%");
    expect(formatPercent(0.005)).toBe("1%");
    expect(formatPercent(1.2)).toBe("100%");
    expect(formatPercent(-0.1)).toBe("0%");
    expect(formatPercent(Number.NaN)).toBe("—");
  });
});

describe("excerpt", () => {
  it("keeps short text and flattens whitespace", () => {
    expect(excerpt("  Ships in\n\n2 days. ", 50)).toBe("Ships in 2 days.");
  });
  it("cuts long text at a word", () => {
    expect(excerpt("We ship to every country in the European Union, usually in three days.", 30)).toBe("We ship to every country in…");
    expect(excerpt("Supercalifragilisticexpialidocious", 10)).toBe("Supercalif…");
  });
});

describe("formatUsd and formatMonth", () => {
  it("shows AI spend in dollars a person can read", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(0.0004)).toBe("less than $0.01");
    expect(formatUsd(1.236)).toBe("$1.24");
    expect(formatUsd(Number.NaN)).toBe("—");
    expect(formatUsd(-1)).toBe("—");
  });
  it("names the usage month", () => {
    expect(formatMonth("2026-11")).toBe("November 2026");
    expect(formatMonth("2027-01")).toBe("January 2027");
    expect(formatMonth("soon")).toBe("soon");
  });
});
