import { renderTemplate } from "./renderTemplate.ts";
import type { FlowVariables } from "./variables.ts";

export const CONDITION_OPERATORS = [
  "equals",
  "notEquals",
  "contains",
  "matches",
  "exists",
  "notExists",
  "gt",
  "gte",
  "lt",
  "lte",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
export type ConditionCombinator = "all" | "any";

export interface ConditionRule {
  variable: string;
  operator: ConditionOperator;
  /** Compared value; may use `{{ variable }}` templating. */
  value?: string | undefined;
}

/** Owners' patterns run against visitor text: cap the text to keep a bad pattern cheap. */
export const MAX_PATTERN_INPUT = 2_000;

/**
 * Compiles a pattern, or returns undefined when it is not a valid regular
 * expression. Callers may pass a cache (one per machine) so a pattern is
 * compiled once, not once per turn.
 */
export function compilePattern(pattern: string, cache?: Map<string, RegExp | null>): RegExp | undefined {
  const cached = cache?.get(pattern);
  if (cached !== undefined) return cached ?? undefined;
  let compiled: RegExp | null;
  try {
    compiled = new RegExp(pattern);
  } catch {
    compiled = null;
  }
  cache?.set(pattern, compiled);
  return compiled ?? undefined;
}

function toNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

function sameText(left: string, right: string): boolean {
  const a = toNumber(left);
  const b = toNumber(right);
  if (a !== undefined && b !== undefined) return a === b;
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

function compareNumbers(left: string, right: string, test: (a: number, b: number) => boolean): boolean {
  const a = toNumber(left);
  const b = toNumber(right);
  return a !== undefined && b !== undefined && test(a, b);
}

/**
 * Evaluates one rule. Comparisons are made for shop owners, not programmers:
 * `equals` ignores case and surrounding spaces and compares numbers as numbers
 * ("5" equals "5.0"); `contains` ignores case; `matches` is a case-sensitive
 * regular expression, and an invalid one makes the rule false (never a throw);
 * number comparisons are false when either side is not a number; `exists`
 * means set and not blank.
 */
export function evaluateRule(rule: ConditionRule, variables: FlowVariables, patternCache?: Map<string, RegExp | null>): boolean {
  const actual = Object.hasOwn(variables, rule.variable) ? (variables[rule.variable] ?? "") : "";
  const expected = renderTemplate(rule.value ?? "", variables);
  switch (rule.operator) {
    case "equals":
      return sameText(actual, expected);
    case "notEquals":
      return !sameText(actual, expected);
    case "contains":
      return actual.toLowerCase().includes(expected.toLowerCase());
    case "matches": {
      const pattern = compilePattern(rule.value ?? "", patternCache);
      return pattern ? pattern.test(actual.slice(0, MAX_PATTERN_INPUT)) : false;
    }
    case "exists":
      return actual.trim() !== "";
    case "notExists":
      return actual.trim() === "";
    case "gt":
      return compareNumbers(actual, expected, (a, b) => a > b);
    case "gte":
      return compareNumbers(actual, expected, (a, b) => a >= b);
    case "lt":
      return compareNumbers(actual, expected, (a, b) => a < b);
    case "lte":
      return compareNumbers(actual, expected, (a, b) => a <= b);
  }
}

/**
 * `all`: every rule holds (true for no rules); `any`: at least one holds
 * (false for no rules).
 */
export function evaluateCondition(
  rules: readonly ConditionRule[],
  combinator: ConditionCombinator,
  variables: FlowVariables,
  patternCache?: Map<string, RegExp | null>,
): boolean {
  return combinator === "all"
    ? rules.every((rule) => evaluateRule(rule, variables, patternCache))
    : rules.some((rule) => evaluateRule(rule, variables, patternCache));
}
