import type { Plan } from "@chatwright/db";
import { entitlementsOf } from "./entitlementsOf";

/**
 * Whether the `count`-th visitor message of the month is past the plan's
 * quota (the 500th message of a Free workspace is still answered, the 501st
 * is not). Unlimited plans are never over.
 */
export function isOverMessageQuota(plan: Plan, count: number): boolean {
  const quota = entitlementsOf(plan).monthlyVisitorMessages;
  return quota !== null && count > quota;
}

/** What the widget shows instead of the bot's answer while the workspace is over its quota. */
export const QUOTA_EXCEEDED_REPLY = "Sorry, this chat is unavailable right now. Please try again later, or contact the shop another way.";
