export { meterVisitorMessage } from "./meterVisitorMessage";
export type { MeteredVisitorMessage } from "./meterVisitorMessage";
export { readMessageUsage } from "./readMessageUsage";
export type { MessageUsage } from "./readMessageUsage";
export { usageMonthOf } from "./usageMonthOf";
