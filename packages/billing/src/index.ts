// Pure: plans, entitlements and quota decisions (the dashboard imports this too).
// SQL lives in "@chatwright/billing/usage", Stripe in "@chatwright/billing/stripe".
export { entitlementsOf, FREE_MONTHLY_VISITOR_MESSAGES, STARTER_MONTHLY_VISITOR_MESSAGES } from "./entitlementsOf";
export type { Entitlements, FlowStepType } from "./entitlementsOf";
export { isOverMessageQuota, QUOTA_EXCEEDED_REPLY } from "./isOverMessageQuota";
export { PLANS, PURCHASABLE_PLANS, isPurchasablePlan } from "./plans";
export type { PurchasablePlan } from "./plans";
