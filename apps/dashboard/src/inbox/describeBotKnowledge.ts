/** Built-in variables, as the agent reads them (see BUILT_IN_VARIABLES in the flow package). */
const LABELS: Readonly<Record<string, string>> = { visitor_email: "Email", answer: "Last answer" };
/** Shown elsewhere: the message is in the transcript, the intent is the topic line, the name heads the conversation. */
const HIDDEN = new Set(["last_message", "intent", "intent_confidence", "visitor_name"]);

export interface KnownFact {
  label: string;
  value: string;
}

/**
 * "What the bot knows" for an agent: the topic it recognised (with how sure
 * it was), then what the visitor told it, under readable labels
 * ("order_number" -> "Order number"); never raw names like `last_message`.
 */
export function describeBotKnowledge(variables: Readonly<Record<string, string>>, matchedIntent: string | null): KnownFact[] {
  const facts: KnownFact[] = [];
  if (matchedIntent) {
    const confidence = Number(variables["intent_confidence"]);
    const sure = Number.isFinite(confidence) && variables["intent_confidence"] ? ` (${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}% sure)` : "";
    facts.push({ label: "Topic", value: `${humanise(matchedIntent)}${sure}` });
  }
  for (const [name, value] of Object.entries(variables)) {
    if (HIDDEN.has(name) || value.trim() === "") continue;
    facts.push({ label: LABELS[name] ?? humanise(name), value });
  }
  return facts;
}

function humanise(name: string): string {
  const words = name.replace(/_+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
