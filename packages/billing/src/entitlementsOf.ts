import type { Plan } from "@chatwright/db";

/** What a plan lets a workspace do. Pure: the server enforces it, the dashboard shows it. */
export interface Entitlements {
  plan: Plan;
  /** Shown to owners ("Starter"). */
  name: string;
  /** List price per month in US dollars; null for Enterprise (priced per contract). */
  priceUsdPerMonth: number | null;
  /** Visitor messages per calendar month (UTC); null is unlimited. */
  monthlyVisitorMessages: number | null;
  /** Where the bot can be used: the website widget for every plan so far. */
  channels: readonly "web"[];
  /** FAQ bot answering from the knowledge base (every plan). */
  canUseFaqBot: boolean;
  /** NLP bot: intents recognised from the owner's examples. */
  canUseIntents: boolean;
  /**
   * The flow canvas (draw, import, publish). Starter gets it limited to the
   * steps in `flowStepTypes`; Free runs the fixed FAQ flow only.
   */
  canUseFlowBuilder: boolean;
  /**
   * The step (node) types a published flow may use; null: every step. Starter's
   * NLP bot: intents, FAQ, messages, questions, conditions, handoff, end — no AI
   * reply, no http call, no AI-written FAQ answers (those run on paid models).
   */
  flowStepTypes: readonly FlowStepType[] | null;
  /** AI-written replies: the "AI reply" step and FAQ answers in "AI writes the reply" mode. */
  canUseAiSteps: boolean;
  canUseAnalytics: boolean;
  /** Any model id in llm nodes, not only the two offered ones. */
  canUseAdvancedModels: boolean;
  /** The widget without "Powered by Chatwright". */
  canUseWhiteLabel: boolean;
  /** The workflow API with API keys. */
  canUseApiKeys: boolean;
}

/** Step types named by plans; the flow package owns what each one does. */
export type FlowStepType = "start" | "listen" | "intent" | "faq" | "message" | "ask" | "condition" | "handoff" | "end";

/** Free's fixed FAQ flow: greet, listen, answer from the knowledge base. */
const FAQ_STEP_TYPES = ["start", "listen", "faq", "message", "handoff", "end"] as const satisfies readonly FlowStepType[];
/** Starter's NLP bot. */
const NLP_STEP_TYPES = ["start", "listen", "intent", "faq", "message", "ask", "condition", "handoff", "end"] as const satisfies readonly FlowStepType[];

/** Starter's monthly quota: see docs/plans-and-billing.md. */
export const STARTER_MONTHLY_VISITOR_MESSAGES = 2_000;
export const FREE_MONTHLY_VISITOR_MESSAGES = 500;

const ENTITLEMENTS = {
  FREE: {
    plan: "FREE",
    name: "Free",
    priceUsdPerMonth: 0,
    monthlyVisitorMessages: FREE_MONTHLY_VISITOR_MESSAGES,
    channels: ["web"],
    canUseFaqBot: true,
    canUseIntents: false,
    canUseFlowBuilder: false,
    flowStepTypes: FAQ_STEP_TYPES,
    canUseAiSteps: false,
    canUseAnalytics: false,
    canUseAdvancedModels: false,
    canUseWhiteLabel: false,
    canUseApiKeys: false,
  },
  STARTER: {
    plan: "STARTER",
    name: "Starter",
    priceUsdPerMonth: 10,
    monthlyVisitorMessages: STARTER_MONTHLY_VISITOR_MESSAGES,
    channels: ["web"],
    canUseFaqBot: true,
    canUseIntents: true,
    canUseFlowBuilder: true,
    flowStepTypes: NLP_STEP_TYPES,
    canUseAiSteps: false,
    canUseAnalytics: false,
    canUseAdvancedModels: false,
    canUseWhiteLabel: false,
    canUseApiKeys: false,
  },
  PRO: {
    plan: "PRO",
    name: "Pro",
    priceUsdPerMonth: 29,
    monthlyVisitorMessages: null,
    channels: ["web"],
    canUseFaqBot: true,
    canUseIntents: true,
    canUseFlowBuilder: true,
    flowStepTypes: null,
    canUseAiSteps: true,
    canUseAnalytics: true,
    canUseAdvancedModels: false,
    canUseWhiteLabel: false,
    canUseApiKeys: false,
  },
  ENTERPRISE: {
    plan: "ENTERPRISE",
    name: "Enterprise",
    priceUsdPerMonth: null,
    monthlyVisitorMessages: null,
    channels: ["web"],
    canUseFaqBot: true,
    canUseIntents: true,
    canUseFlowBuilder: true,
    flowStepTypes: null,
    canUseAiSteps: true,
    canUseAnalytics: true,
    canUseAdvancedModels: true,
    canUseWhiteLabel: true,
    canUseApiKeys: true,
  },
} as const satisfies Record<Plan, Entitlements>;

export function entitlementsOf(plan: Plan): Entitlements {
  return ENTITLEMENTS[plan];
}
