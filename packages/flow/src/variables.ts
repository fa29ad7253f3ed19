import { z } from "zod";

/**
 * Variables every flow can read without a node setting them first. The
 * validator never warns about these.
 *
 * - `last_message`      the visitor's latest message (set on every visitor message)
 * - `intent`            the intent name chosen by the latest Intent node ("" for fallback)
 * - `intent_confidence` that intent's confidence, 0..1, as text
 * - `answer`            the latest answer from an FAQ or AI reply node
 * - `visitor_name`      given by the widget / API when the conversation starts, else ""
 * - `visitor_email`     given by the widget / API when the conversation starts, else ""
 */
export const BUILT_IN_VARIABLES = [
  "last_message",
  "intent",
  "intent_confidence",
  "answer",
  "visitor_name",
  "visitor_email",
] as const;

export type BuiltInVariable = (typeof BUILT_IN_VARIABLES)[number];

const builtIns: ReadonlySet<string> = new Set(BUILT_IN_VARIABLES);

export function isBuiltInVariable(name: string): boolean {
  return builtIns.has(name);
}

/** Conversation variables hold text only: the widget shows text, never HTML. */
export type FlowVariables = Record<string, string>;

export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export const variableNameSchema = z
  .string()
  .regex(VARIABLE_NAME_PATTERN, "use letters, digits and _ only, starting with a letter (at most 64 characters)")
  .refine((name) => !RESERVED_NAMES.has(name), "this name is reserved, choose another");
