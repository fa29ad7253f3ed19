import { describe, expect, it } from "vitest";
import { isNestedDeeperThan } from "./inputDepth";

function nest(levels: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { child: value };
  return value;
}

describe("isNestedDeeperThan", () => {
  it("counts arrays and objects, not scalars", () => {
    expect(isNestedDeeperThan("text", 0)).toBe(false);
    expect(isNestedDeeperThan(null, 0)).toBe(false);
    expect(isNestedDeeperThan({}, 0)).toBe(true);
    expect(isNestedDeeperThan({ a: 1, b: [2, 3] }, 2)).toBe(false);
    expect(isNestedDeeperThan({ a: 1, b: [2, [3]] }, 2)).toBe(true);
  });

  it("finds the deep branch beside shallow ones", () => {
    expect(isNestedDeeperThan({ wide: Array.from({ length: 1000 }, () => ({})), deep: nest(64) }, 64)).toBe(true);
    expect(isNestedDeeperThan({ wide: Array.from({ length: 1000 }, () => ({})), deep: nest(63) }, 64)).toBe(false);
  });

  it("walks a million levels without overflowing the stack", () => {
    const deep = JSON.parse(`${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`) as unknown;
    expect(isNestedDeeperThan(deep, 64)).toBe(true);
  });
});
