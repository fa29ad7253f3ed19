export { readMessageUsage } from "./readMessageUsage";
export type { MessageUsage } from "./readMessageUsage";
export { usageMonthOf } from "./usageMonthOf";
