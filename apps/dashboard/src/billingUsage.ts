import { formatMonth } from "./formatting";

export interface MessageUsageSummary {
  /** "123 of 500 visitor messages in November 2026" */
  text: string;
  isOverQuota: boolean;
  /** 0–1 of the quota used; null when the plan is unlimited. */
  share: number | null;
}

/** The Billing page's usage line, from billing.status's usage. Pure: tested without a DOM. */
export function describeMessageUsage(usage: { month: string; visitorMessages: number; quota: number | null }): MessageUsageSummary {
  const count = usage.visitorMessages.toLocaleString("en-US");
  const month = formatMonth(usage.month);
  const noun = usage.visitorMessages === 1 ? "visitor message" : "visitor messages";
  if (usage.quota === null) return { text: `${count} ${noun} in ${month} (unlimited on this plan)`, isOverQuota: false, share: null };
  return {
    text: `${count} of ${usage.quota.toLocaleString("en-US")} visitor messages in ${month}`,
    isOverQuota: usage.visitorMessages > usage.quota,
    share: usage.quota === 0 ? 1 : Math.min(1, usage.visitorMessages / usage.quota),
  };
}
