import { describe, expect, test } from "vitest";
import { evaluateCondition, evaluateRule, type ConditionRule } from "./evaluateCondition.ts";
import { isValidAnswer, normalizeAnswer } from "./validateAnswer.ts";

const vars = { plan: "Pro", total: "42.5", empty: "  ", email: "ann@shop.test", limit: "40" };
const rule = (operator: ConditionRule["operator"], value?: string, variable = "plan"): ConditionRule => ({ variable, operator, value });

describe("evaluateRule", () => {
  test("equals ignores case and spaces, and compares numbers as numbers", () => {
    expect(evaluateRule(rule("equals", " pro "), vars)).toBe(true);
    expect(evaluateRule(rule("equals", "42.50", "total"), vars)).toBe(true);
    expect(evaluateRule(rule("equals", "free"), vars)).toBe(false);
  });
  test("notEquals", () => {
    expect(evaluateRule(rule("notEquals", "free"), vars)).toBe(true);
    expect(evaluateRule(rule("notEquals", "PRO"), vars)).toBe(false);
  });
  test("contains ignores case", () => {
    expect(evaluateRule(rule("contains", "SHOP", "email"), vars)).toBe(true);
    expect(evaluateRule(rule("contains", "gmail", "email"), vars)).toBe(false);
  });
  test("matches uses the pattern; an invalid pattern is false, never a throw", () => {
    expect(evaluateRule(rule("matches", "^P[a-z]+$"), vars)).toBe(true);
    expect(evaluateRule(rule("matches", "^p"), vars)).toBe(false);
    expect(() => evaluateRule(rule("matches", "(unclosed["), vars)).not.toThrow();
    expect(evaluateRule(rule("matches", "(unclosed["), vars)).toBe(false);
  });
  test("exists / notExists treat blank as missing", () => {
    expect(evaluateRule(rule("exists"), vars)).toBe(true);
    expect(evaluateRule(rule("exists", undefined, "empty"), vars)).toBe(false);
    expect(evaluateRule(rule("exists", undefined, "missing"), vars)).toBe(false);
    expect(evaluateRule(rule("notExists", undefined, "missing"), vars)).toBe(true);
    expect(evaluateRule(rule("notExists"), vars)).toBe(false);
  });
  test("number comparisons, false when either side is not a number", () => {
    expect(evaluateRule(rule("gt", "40", "total"), vars)).toBe(true);
    expect(evaluateRule(rule("gte", "42.5", "total"), vars)).toBe(true);
    expect(evaluateRule(rule("lt", "40", "total"), vars)).toBe(false);
    expect(evaluateRule(rule("lte", "42,5", "total"), vars)).toBe(true);
    expect(evaluateRule(rule("gt", "1", "plan"), vars)).toBe(false);
    expect(evaluateRule(rule("lt", "abc", "total"), vars)).toBe(false);
  });
  test("values may reference variables", () => {
    expect(evaluateRule(rule("gt", "{{ limit }}", "total"), vars)).toBe(true);
  });
});

describe("evaluateCondition", () => {
  const yes = rule("equals", "pro");
  const no = rule("equals", "free");
  test("all needs every rule, any needs one", () => {
    expect(evaluateCondition([yes, yes], "all", vars)).toBe(true);
    expect(evaluateCondition([yes, no], "all", vars)).toBe(false);
    expect(evaluateCondition([no, yes], "any", vars)).toBe(true);
    expect(evaluateCondition([no, no], "any", vars)).toBe(false);
  });
  test("empty rule lists: all is true, any is false", () => {
    expect(evaluateCondition([], "all", vars)).toBe(true);
    expect(evaluateCondition([], "any", vars)).toBe(false);
  });
});

describe("isValidAnswer", () => {
  test.each([
    ["text", "anything", true],
    ["text", "   ", false],
    ["email", " Ann@Shop.test ", true],
    ["email", "ann@shop", false],
    ["email", "ann shop.test", false],
    ["phone", "+44 (0)20 7946-0958", true],
    ["phone", "12345", false],
    ["phone", "call me", false],
    ["number", "42", true],
    ["number", "-3,5", true],
    ["number", "4 2", false],
  ] as const)("%s %j -> %s", (validation, text, expected) => {
    expect(isValidAnswer(text, validation, undefined)).toBe(expected);
  });
  test("regex validation, and a broken pattern rejects instead of throwing", () => {
    expect(isValidAnswer("A-12345", "regex", "^A-\\d{5}$")).toBe(true);
    expect(isValidAnswer("A-1234", "regex", "^A-\\d{5}$")).toBe(false);
    expect(isValidAnswer("A", "regex", "([")).toBe(false);
  });
  test("normalizes stored answers", () => {
    expect(normalizeAnswer(" Ann@Shop.TEST ", "email")).toBe("ann@shop.test");
    expect(normalizeAnswer("3,5", "number")).toBe("3.5");
    expect(normalizeAnswer("  hi ", "text")).toBe("hi");
  });
});
