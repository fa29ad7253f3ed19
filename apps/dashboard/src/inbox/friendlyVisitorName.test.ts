import { describe, expect, it } from "vitest";
import { friendlyVisitorName } from "./friendlyVisitorName";

describe("friendlyVisitorName", () => {
  it("gives the same visitor the same two-word name every time", () => {
    expect(friendlyVisitorName("v_b37ae59448")).toBe(friendlyVisitorName("v_b37ae59448"));
    expect(friendlyVisitorName("v_b37ae59448")).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  it("is a fixed function of the id, not of the session or the time", () => {
    expect(friendlyVisitorName("v_b37ae59448")).toBe("Rusty Hare");
  });

  it("spreads visitors over many names", () => {
    const names = new Set(Array.from({ length: 200 }, (_, index) => friendlyVisitorName(`v_${index.toString(16).padStart(10, "0")}`)));
    expect(names.size).toBeGreaterThan(150);
  });
});
