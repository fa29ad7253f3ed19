import { describe, expect, it } from "vitest";
import { countTopIntents } from "./countTopIntents";
import { indexGraphNodes } from "./summarizeAnalytics";

const graphs = new Map([
  ["v1", indexGraphNodes({ nodes: [{ id: "route", type: "intent" }, { id: "second", type: "intent" }, { id: "kb", type: "faq" }] })],
  ["v0", indexGraphNodes({ nodes: [{ id: "route", type: "intent" }] })],
]);

describe("countTopIntents", () => {
  it("sums each intent over intent nodes and versions, most recognised first, and counts the messages no intent matched", () => {
    const top = countTopIntents(
      [
        { flowVersionId: "v1", nodeId: "route", handle: "order_status", count: 4 },
        { flowVersionId: "v0", nodeId: "route", handle: "order_status", count: 3 },
        { flowVersionId: "v1", nodeId: "second", handle: "returns", count: 7 },
        { flowVersionId: "v1", nodeId: "route", handle: "shipping", count: 2 },
        { flowVersionId: "v1", nodeId: "route", handle: "fallback", count: 5 },
        // Not an intent node, or a node the version does not know: not an intent.
        { flowVersionId: "v1", nodeId: "kb", handle: "answered", count: 9 },
        { flowVersionId: "v9", nodeId: "route", handle: "order_status", count: 9 },
      ],
      graphs,
      2,
    );
    expect(top).toEqual({
      recognised: 16,
      notRecognised: 5,
      intents: [
        { name: "order_status", count: 7 },
        { name: "returns", count: 7 },
      ],
    });
  });
});
