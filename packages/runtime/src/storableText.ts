/*
 * PostgreSQL stores neither a NUL character in text nor a lone UTF-16
 * surrogate (in text or in jsonb). A visitor's text with one is refused
 * before anything runs; what the bot produced (an AI reply, an http step's
 * answer kept in a variable) is cleaned instead, so a turn can always be
 * stored.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE);
const EVERY_LONE_SURROGATE = new RegExp(LONE_SURROGATE, "g");

/** Why PostgreSQL cannot store this text, in words for an error message; null when it can. */
export function unstorableReasonOf(text: string): string | null {
  if (text.includes("\0")) return "a NUL character, U+0000";
  if (HAS_LONE_SURROGATE.test(text)) return "half of a character pair, such as an emoji cut in two";
  return null;
}

/** Whether PostgreSQL can store this text as it is. */
export function isStorableText(text: string): boolean {
  return unstorableReasonOf(text) === null;
}

/** The text without NULs, lone surrogates replaced by U+FFFD. */
export function toStorableText(text: string): string {
  const clean = text.includes("\0") ? text.replaceAll("\0", "") : text;
  return HAS_LONE_SURROGATE.test(clean) ? clean.replace(EVERY_LONE_SURROGATE, "\uFFFD") : clean;
}

function storableReplacer(_key: string, value: unknown): unknown {
  return typeof value === "string" ? toStorableText(value) : value;
}

/**
 * JSON text that jsonb accepts. JSON.stringify writes NUL as \u0000 and a
 * lone surrogate as \udXXX, both of which jsonb refuses; only then (rare) is
 * the value serialised again with its strings cleaned.
 */
export function toStorableJson(value: unknown): string | undefined {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined || !/\\u(?:0000|d[89a-f])/i.test(json)) return json;
  return JSON.stringify(value, storableReplacer) as string | undefined;
}
