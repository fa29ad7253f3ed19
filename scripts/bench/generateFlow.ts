import type { FlowGraph } from "@chatwright/flow";
// The flow package's seeded PRNG (mulberry32), so every run benchmarks the same graphs.
import { createRandom } from "@chatwright/flow/testing";

export const BENCH_INTENTS = ["order_status", "returns", "shipping", "product_help", "billing", "talk_to_human"] as const;

type Node = FlowGraph["nodes"][number];
type Edge = FlowGraph["edges"][number];

/**
 * A deterministic, valid flow of exactly `size` nodes (size >= 20) shaped like
 * what owners build: a start, then a chain of topic sections. Each section
 * listens, routes by intent and branches into one of a few section kinds
 * (knowledge answer, order lookup over HTTP, lead capture with a validated
 * ask, AI reply, condition + set), every branch coming back to the next
 * section's listen; any section can hand over to a person. Filler message /
 * set nodes pad the last section to the exact size; an end node closes it.
 */
export function generateFlow(size: number, seed = 42): FlowGraph {
  if (size < 20) throw new Error("generateFlow needs at least 20 nodes");
  const random = createRandom(seed + size);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const add = (id: string, type: string, data: Record<string, unknown>): string => {
    nodes.push({ id, type, position: { x: (nodes.length % 8) * 260, y: Math.floor(nodes.length / 8) * 180 }, data });
    return id;
  };
  const link = (source: string, sourceHandle: string, target: string): void => {
    edges.push({ id: `e${edges.length}-${source}-${sourceHandle}`, source, sourceHandle, target });
  };

  add("start", "start", { greeting: "Hi {{ visitor_name }}! How can I help you today?" });
  const end = "end";
  let entry: [string, string] = ["start", "next"];
  let section = 0;
  // A section uses at most 17 nodes (5 + 4 routed intents x 3); keep room for the end node.
  while (nodes.length + 17 + 1 <= size) {
    const p = `s${section}`;
    const listen = add(`${p}-listen`, "listen", { label: "Visitor's message", variable: `topic_text_${section}` });
    link(entry[0], entry[1], listen);
    const routed = [...BENCH_INTENTS].filter(() => random() < 0.6).slice(0, 4);
    if (routed.length === 0) routed.push("order_status");
    const router = add(`${p}-router`, "intent", { label: "Topic", intents: routed, threshold: 0.35 + random() * 0.2 });
    link(listen, "next", router);
    const after = add(`${p}-after`, "message", { text: pick(["Anything else?", "Can I help with something else, {{ visitor_name }}?", "Is there more I can do?"]) });
    const handoff = add(`${p}-handoff`, "handoff", { label: "Talk to the team", waitingMessage: "Passing you to a person.", offlineMessage: "We're offline; leave your email." });
    link(handoff, "resolved", after);
    link(handoff, "returned", after);
    for (const intent of routed) {
      const kind = intent === "talk_to_human" ? "human" : pick(["faq", "http", "ask", "llm", "condition"] as const);
      const q = `${p}-${intent}`;
      switch (kind) {
        case "human":
          link(router, intent, handoff);
          break;
        case "faq": {
          const faq = add(`${q}-faq`, "faq", { topK: 3, answerMode: random() < 0.7 ? "direct" : "llm", threshold: 0.3 });
          link(router, intent, faq);
          link(faq, "answered", after);
          link(faq, "notFound", handoff);
          break;
        }
        case "http": {
          const ask = add(`${q}-ask`, "ask", { question: "What's your order number?", validation: "regex", pattern: "^[A-Za-z]{0,3}-?\\d{4,10}$", variable: `order_${section}`, retryMessage: "That doesn't look like an order number.", maxRetries: 2 });
          const http = add(`${q}-http`, "http", { method: "GET", url: `https://api.example-shop.com/orders/{{ order_${section} }}`, headers: { authorization: "Bearer token" }, body: "", timeoutMs: 5000, responseMapping: [{ variable: `status_${section}`, path: "order.status" }] });
          const told = add(`${q}-told`, "message", { text: `Order {{ order_${section} }} is {{ status_${section} }}.` });
          link(router, intent, ask);
          link(ask, "next", http);
          link(ask, "invalid", handoff);
          link(http, "ok", told);
          link(http, "error", handoff);
          link(told, "next", after);
          break;
        }
        case "ask": {
          const ask = add(`${q}-email`, "ask", { question: "What's your email address?", validation: "email", variable: `email_${section}`, retryMessage: "Please enter a valid email.", maxRetries: 2 });
          const thanks = add(`${q}-thanks`, "message", { text: `Thanks, we'll write to {{ email_${section} }}.`, quickReplies: ["Great", "Change email"] });
          link(router, intent, ask);
          link(ask, "next", thanks);
          link(ask, "invalid", handoff);
          link(thanks, "next", after);
          break;
        }
        case "llm": {
          const llm = add(`${q}-llm`, "llm", { prompt: "{{ last_message }}", systemPrompt: "You are a helpful shop assistant.", model: "mistralai/mistral-small-3.1-24b-instruct", temperature: 0.3, maxTokens: 300, useKnowledge: random() < 0.5 });
          link(router, intent, llm);
          link(llm, "next", after);
          link(llm, "error", handoff);
          break;
        }
        case "condition": {
          const set = add(`${q}-set`, "set", { assignments: [{ variable: `topic_${section}`, value: "{{ intent }}" }, { variable: `seen_${section}`, value: "yes" }] });
          const cond = add(`${q}-cond`, "condition", { combinator: pick(["all", "any"] as const), rules: [{ variable: "intent_confidence", operator: "gt", value: "0.6" }, { variable: "last_message", operator: "contains", value: "urgent" }] });
          const sure = add(`${q}-sure`, "message", { text: "Got it: {{ topic_" + section + " }}." });
          link(router, intent, set);
          link(set, "next", cond);
          link(cond, "true", sure);
          link(cond, "false", handoff);
          link(sure, "next", after);
          break;
        }
      }
    }
    const fallback = add(`${p}-fallback`, "faq", { topK: 3, answerMode: "direct", threshold: 0.3 });
    link(router, "fallback", fallback);
    link(fallback, "answered", after);
    link(fallback, "notFound", handoff);
    entry = [after, "next"];
    section += 1;
  }
  // Pad to the exact size with a chain of filler set/message nodes, then end.
  let filler = 0;
  while (nodes.length < size - 1) {
    const id = add(`f${filler}`, filler % 2 === 0 ? "message" : "set", filler % 2 === 0 ? { text: "One moment…" } : { assignments: [{ variable: `step_${filler}`, value: "{{ last_message }}" }] });
    link(entry[0], entry[1], id);
    entry = [id, "next"];
    filler += 1;
  }
  add(end, "end", { message: "Thanks for chatting with us!", askRating: true });
  link(entry[0], entry[1], end);
  return { schemaVersion: 1, nodes, edges };
}
