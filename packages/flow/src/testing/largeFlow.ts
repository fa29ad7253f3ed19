import type { FlowGraph } from "../graph.ts";
import { buildGraph, type EdgeSpec, type NodeSpec } from "./flowBuilder.ts";

/**
 * A valid flow of about `size` nodes that uses every node type: repeated
 * sections of listen -> intent -> (faq | llm | http) -> condition -> set ->
 * message, chained to an end. For compile-time tests and benchmarks.
 */
export function buildLargeFlow(size: number): FlowGraph {
  const nodes: NodeSpec[] = [["start", "start", { greeting: "Hi {{ visitor_name }}" }]];
  const edges: EdgeSpec[] = [];
  let previous: [string, string] = ["start", "next"];
  let section = 0;
  while (nodes.length + 10 <= size) {
    const p = `s${String(section).padStart(3, "0")}`;
    nodes.push(
      [`${p}-listen`, "listen", { variable: `text_${section}` }],
      [`${p}-intent`, "intent", { intents: ["order_status", "refund"], threshold: 0.4 }],
      [`${p}-faq`, "faq", { topK: 3, answerMode: section % 2 === 0 ? "direct" : "llm" }],
      [`${p}-llm`, "llm", { prompt: "{{ last_message }}", systemPrompt: "Be kind", model: "m", temperature: 0.2, maxTokens: 200, useKnowledge: section % 2 === 1, saveAs: `reply_${section}` }],
      [`${p}-http`, "http", { method: "POST", url: "https://shop.test/o/{{ text_" + section + " }}", headers: { "x-key": "k" }, body: '{"q":"{{ last_message }}"}', timeoutMs: 2000, responseMapping: [{ variable: `status_${section}`, path: "order.status" }] }],
      [`${p}-cond`, "condition", { combinator: "any", rules: [{ variable: "intent", operator: "equals", value: "refund" }, { variable: "last_message", operator: "matches", value: "^\\d+$" }] }],
      [`${p}-set`, "set", { assignments: [{ variable: `topic_${section}`, value: "{{ intent }}" }] }],
      [`${p}-msg`, "message", { text: "Section " + section + ": {{ answer }}", quickReplies: ["More", "Done"] }],
      [`${p}-ask`, "ask", { question: "Email?", validation: "email", variable: `email_${section}`, retryMessage: "Again?", maxRetries: 2 }],
      [`${p}-handoff`, "handoff", { waitingMessage: "A person will help" }],
    );
    edges.push(
      [previous[0], previous[1], `${p}-listen`],
      [`${p}-listen`, "next", `${p}-intent`],
      [`${p}-intent`, "order_status", `${p}-http`],
      [`${p}-intent`, "refund", `${p}-faq`],
      [`${p}-intent`, "fallback", `${p}-llm`],
      [`${p}-faq`, "answered", `${p}-cond`],
      [`${p}-faq`, "notFound", `${p}-handoff`],
      [`${p}-llm`, "next", `${p}-cond`],
      [`${p}-llm`, "error", `${p}-handoff`],
      [`${p}-http`, "ok", `${p}-cond`],
      [`${p}-http`, "error", `${p}-handoff`],
      [`${p}-cond`, "true", `${p}-set`],
      [`${p}-cond`, "false", `${p}-msg`],
      [`${p}-set`, "next", `${p}-msg`],
      [`${p}-msg`, "next", `${p}-ask`],
      [`${p}-ask`, "invalid", `${p}-handoff`],
      [`${p}-handoff`, "resolved", `${p}-ask`],
      [`${p}-handoff`, "returned", `${p}-listen`],
    );
    previous = [`${p}-ask`, "next"];
    section += 1;
  }
  nodes.push(["end", "end", { askRating: true }]);
  edges.push([previous[0], previous[1], "end"]);
  return buildGraph(nodes, edges);
}
