/** The analytics colours: one per meaning, the same in every chart, legend and bar (canvas needs them as values, not CSS variables). */
export const ANALYTICS_COLORS = {
  conversations: "#2f5bd3",
  visitorMessages: "#0f766e",
  handedOff: "#c2410c",
  handledByBot: "#1d7a46",
  leftUnanswered: "#b42318",
} as const;
