import { z } from "zod";
import { unstorableReasonOf } from "@chatwright/runtime";

/*
 * PostgreSQL stores neither a NUL character (in text or jsonb) nor a lone
 * UTF-16 surrogate (half of a pair, e.g. an emoji cut in two; jsonb refuses
 * it, text silently turns it into U+FFFD). Such text used to pass every check,
 * run the turn (an LLM call included) and then fail the insert with a 500,
 * which a client retries forever. Every text that enters is checked here, at
 * the edge, and refused with a 400 before anything runs.
 */

/** The first string (value or object key) in a JSON-like value that cannot be stored, with where it is. */
function findUnstorableText(value: unknown, path: string[] = []): { reason: string; path: string[] } | null {
  if (typeof value === "string") {
    const reason = unstorableReasonOf(value);
    return reason === null ? null : { reason, path };
  }
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = findUnstorableText(key, path) ?? findUnstorableText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** JSON text (a flow file, a JSON FAQ file) as it will be stored: its \u escapes decoded; null when it is not JSON. */
function decodeJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Why a value cannot be stored, as a message a person can act on ("The
 * message contains characters that cannot be stored (a NUL character,
 * U+0000). Remove them and try again."), or null when every string in it
 * (a string, or each string and key of an object such as a flow graph) can.
 * `what` starts the message; `isJsonText`: the string is a JSON file, checked
 * with its \u escapes decoded too.
 */
export function describeUnstorableText(value: unknown, what: string, options: { isJsonText?: boolean } = {}): string | null {
  const found = findUnstorableText(value) ?? (options.isJsonText && typeof value === "string" ? findUnstorableText(decodeJson(value)) : null);
  if (found === null) return null;
  const where = found.path.length > 0 ? `, in ${found.path.join(".")}` : "";
  return `${what} contains characters that cannot be stored (${found.reason}${where}). Remove them and try again.`;
}

/** The zod check of describeUnstorableText, for any schema: `flowGraphSchema.check(refuseUnstorableText("The flow"))`. */
export function refuseUnstorableText(what: string, options: { isJsonText?: boolean } = {}): z.core.CheckFn<unknown> {
  return (ctx) => {
    const message = describeUnstorableText(ctx.value, what, options);
    if (message !== null) ctx.issues.push({ code: "custom", input: ctx.value, message });
  };
}

/** A string PostgreSQL can store; chain trim/min/max as usual. `what` names it in the error ("The bot name"). */
export const storableText = (what: string) => z.string().check(refuseUnstorableText(what));

export const emailSchema = z.email({ error: "Enter a valid email address." }).max(254).transform((e) => e.toLowerCase());
export const passwordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters for the password." })
  .max(200, { error: "Passwords are limited to 200 characters." });
export const personNameSchema = storableText("The name").trim().min(1, { error: "Enter your name." }).max(80, { error: "Names are limited to 80 characters." });
export const workspaceNameSchema = storableText("The workspace name").trim().min(1, { error: "Enter a workspace name." }).max(80, { error: "Workspace names are limited to 80 characters." });
export const botNameSchema = storableText("The bot name").trim().min(1, { error: "Enter a bot name." }).max(60, { error: "Bot names are limited to 60 characters." });
export const roleSchema = z.enum(["OWNER", "ADMIN", "AGENT"]);
export const planSchema = z.enum(["FREE", "STARTER", "PRO", "ENTERPRISE"]);
