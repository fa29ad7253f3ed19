import { describe, expect, it } from "vitest";
import { formatMoney } from "./formatMoney";

describe("formatMoney", () => {
  it("shows cents as dollars, credits with a minus sign", () => {
    expect(formatMoney(950, "usd")).toBe("$9.50");
    expect(formatMoney(-500, "usd")).toBe("−$5.00");
    expect(formatMoney(0, "usd")).toBe("$0.00");
  });

  it("knows currencies without cents", () => {
    expect(formatMoney(1200, "jpy")).toBe("¥1,200");
  });
});
