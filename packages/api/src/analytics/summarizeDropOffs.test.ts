import { describe, expect, it } from "vitest";
import { indexGraphNodes } from "./summarizeAnalytics";
import { summarizeDropOffs } from "./summarizeDropOffs";

const graph = indexGraphNodes({
  nodes: [
    { id: "listen", type: "listen", data: { label: "Visitor's message" } },
    { id: "route", type: "intent", data: {} },
    { id: "kb", type: "faq", data: {} },
    { id: "ask-order", type: "ask", data: { label: "Order number" } },
  ],
});
const graphs = new Map([
  ["v1", graph],
  ["v2", graph],
]);

describe("summarizeDropOffs", () => {
  it("counts where quiet conversations wait, most first, across versions, with those that stopped after an unanswered question", () => {
    const dropOffs = summarizeDropOffs({
      stopped: [
        { flowVersionId: "v1", nodeId: "listen", lastResults: [["route", "fallback"], ["kb", "notFound"]] },
        { flowVersionId: "v2", nodeId: "listen", lastResults: [["route", "fallback"], ["kb", "answered"]] },
        { flowVersionId: "v2", nodeId: "listen", lastResults: null },
        { flowVersionId: "v1", nodeId: "ask-order", lastResults: [["route", "order_status"]] },
        { flowVersionId: "v9", nodeId: "gone", lastResults: [["kb", "notFound"]] },
      ],
      reached: [
        { flowVersionId: "v1", nodeId: "listen", count: 6 },
        { flowVersionId: "v2", nodeId: "listen", count: 4 },
        { flowVersionId: "v1", nodeId: "ask-order", count: 3 },
        { flowVersionId: "v1", nodeId: "route", count: 9 },
      ],
      graphs,
    });
    expect(dropOffs).toEqual([
      { nodeId: "listen", type: "listen", title: "Wait for a message", label: "Visitor's message", stopped: 3, afterUnanswered: 1, reached: 10 },
      { nodeId: "ask-order", type: "ask", title: "Ask a question", label: "Order number", stopped: 1, afterUnanswered: 0, reached: 3 },
      // A node no stored version knows keeps its id; it was reached at least by those that stopped there.
      { nodeId: "gone", type: "unknown", title: "unknown", label: null, stopped: 1, afterUnanswered: 0, reached: 1 },
    ]);
  });
});
