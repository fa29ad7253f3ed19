import { describe, expect, test } from "vitest";
import type { FlowIssue } from "./analyzeFlow.ts";
import { buildGraph, type NodeSpec } from "./testing/flowBuilder.ts";
import { validateFlow } from "./validateFlow.ts";

const start: NodeSpec = ["start", "start", { greeting: "Hi" }];
const end: NodeSpec = ["end", "end", { askRating: false }];
const listen: NodeSpec = ["listen", "listen", {}];

function codes(issues: FlowIssue[]): string[] {
  return issues.map((issue) => issue.code);
}
function find(issues: FlowIssue[], code: string): FlowIssue | undefined {
  return issues.find((issue) => issue.code === code);
}

describe("validateFlow", () => {
  test("a small valid flow has no errors and no warnings", () => {
    const result = validateFlow(buildGraph([start, listen, end], [["start", "next", "listen"], ["listen", "next", "end"]]));
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  test.each([null, 42, "flow", [], {}, { schemaVersion: 2, nodes: [], edges: [] }, { schemaVersion: 1, nodes: "x", edges: [] }])(
    "unreadable input %j gives invalidGraph, never a throw",
    (input) => {
      const result = validateFlow(input);
      expect(codes(result.errors)).toEqual(["invalidGraph"]);
      expect(result.errors[0]?.message).toMatch(/could not be read/);
    },
  );

  test("missing start", () => {
    const result = validateFlow(buildGraph([listen, end], [["listen", "next", "end"]]));
    expect(codes(result.errors)).toContain("missingStart");
  });

  test("two starts name the extra one", () => {
    const result = validateFlow(
      buildGraph([start, ["start2", "start", {}], end], [["start", "next", "end"], ["start2", "next", "end"]]),
    );
    expect(find(result.errors, "multipleStarts")?.nodeId).toBe("start2");
  });

  test("duplicate node ids", () => {
    const result = validateFlow(buildGraph([start, end, ["end", "message", { text: "x" }]], [["start", "next", "end"]]));
    expect(find(result.errors, "duplicateNodeId")?.nodeId).toBe("end");
  });

  test("node ids that cannot be state keys", () => {
    const result = validateFlow(buildGraph([start, ["a.b", "end", { askRating: false }]], [["start", "next", "a.b"]]));
    expect(find(result.errors, "invalidNodeId")?.nodeId).toBe("a.b");
  });

  test("unknown node type", () => {
    const result = validateFlow(buildGraph([start, ["x", "teleport", {}], end], [["start", "next", "end"]]));
    expect(find(result.errors, "unknownNodeType")?.nodeId).toBe("x");
  });

  test("schema errors name the node and the field", () => {
    const result = validateFlow(
      buildGraph(
        [start, ["ask1", "ask", { label: "Order number", question: "", validation: "regex", variable: "order", retryMessage: "again" }], end],
        [["start", "next", "ask1"], ["ask1", "next", "end"]],
      ),
    );
    const issues = result.errors.filter((issue) => issue.code === "invalidNodeData");
    expect(issues.every((issue) => issue.nodeId === "ask1")).toBe(true);
    expect(issues.map((issue) => issue.message).join("\n")).toMatch(/Order number.*question/);
    expect(issues.map((issue) => issue.message).join("\n")).toMatch(/pattern/);
  });

  test("edges to or from missing nodes", () => {
    const result = validateFlow(buildGraph([start, end], [["start", "next", "end"], ["start", "next", "ghost"], ["ghost", "next", "end"]]));
    const dangling = result.errors.filter((issue) => issue.code === "danglingEdge");
    expect(dangling.map((issue) => issue.edgeId).sort()).toEqual(["ghost-next-end", "start-next-ghost"]);
  });

  test("edges from a handle the node does not have", () => {
    const result = validateFlow(buildGraph([start, end], [["start", "next", "end"], ["start", "sideways", "end"]]));
    expect(find(result.errors, "unknownHandle")).toMatchObject({ nodeId: "start", handle: "sideways" });
  });

  test("edges out of an End node", () => {
    const result = validateFlow(buildGraph([start, end, listen], [["start", "next", "end"], ["end", "next", "listen"]]));
    expect(find(result.errors, "unknownHandle")).toMatchObject({ nodeId: "end" });
  });

  test("a missing handle is the node's only output; several outputs need one", () => {
    const g = buildGraph(
      [start, ["c", "condition", { combinator: "all", rules: [{ variable: "last_message", operator: "exists" }] }], end],
      [["c", "true", "end"], ["c", "false", "end"]],
    );
    g.edges.push({ id: "e1", source: "start", sourceHandle: null, target: "c" }, { id: "e2", source: "c", target: "end" });
    const result = validateFlow(g);
    expect(codes(result.errors)).toEqual(["missingHandle"]);
    expect(find(result.errors, "missingHandle")).toMatchObject({ nodeId: "c", edgeId: "e2" });
  });

  test("one handle leads to one node", () => {
    const result = validateFlow(buildGraph([start, listen, end], [["start", "next", "listen"], ["start", "next", "end"], ["listen", "next", "end"]]));
    expect(find(result.errors, "duplicateHandleEdge")).toMatchObject({ nodeId: "start", handle: "next" });
  });

  test("required outputs left unconnected are errors, optional ones warnings", () => {
    const http: NodeSpec = [
      "http",
      "http",
      { method: "GET", url: "https://shop.test/x", headers: {}, body: "", timeoutMs: 1000, responseMapping: [] },
    ];
    const result = validateFlow(buildGraph([start, http, end], [["start", "next", "http"]]));
    expect(find(result.errors, "unconnectedOutput")).toMatchObject({ nodeId: "http", handle: "ok" });
    expect(find(result.warnings, "unconnectedOptionalOutput")).toMatchObject({ nodeId: "http", handle: "error" });
  });

  test("unreachable nodes are warnings", () => {
    const result = validateFlow(buildGraph([start, end, ["lonely", "end", { askRating: false }]], [["start", "next", "end"]]));
    expect(result.errors).toEqual([]);
    expect(find(result.warnings, "unreachableNode")?.nodeId).toBe("lonely");
  });

  test("a loop that never waits for the visitor is an error; one through a Wait node is fine", () => {
    const loop = buildGraph(
      [start, ["m1", "message", { text: "a" }], ["m2", "set", { assignments: [{ variable: "x", value: "1" }] }]],
      [["start", "next", "m1"], ["m1", "next", "m2"], ["m2", "next", "m1"]],
    );
    expect(find(validateFlow(loop).errors, "cycleWithoutWait")?.nodeId).toBe("m1");

    const selfLoop = buildGraph([start, ["m1", "message", { text: "a" }]], [["start", "next", "m1"], ["m1", "next", "m1"]]);
    expect(find(validateFlow(selfLoop).errors, "cycleWithoutWait")?.nodeId).toBe("m1");

    const waiting = buildGraph([start, ["m1", "message", { text: "a" }], listen], [["start", "next", "m1"], ["m1", "next", "listen"], ["listen", "next", "m1"]]);
    expect(validateFlow(waiting).errors).toEqual([]);
  });

  test("variables used before any node sets them", () => {
    const never = validateFlow(buildGraph([start, ["m", "message", { text: "Hi {{ nmae }} {{ visitor_name }}" }], end], [["start", "next", "m"], ["m", "next", "end"]]));
    expect(never.errors).toEqual([]);
    expect(never.warnings).toEqual([expect.objectContaining({ code: "variableNeverSet", nodeId: "m" })]);

    // "email" is set on the ask branch only, then both branches meet at the message.
    const ask: NodeSpec = ["ask", "ask", { question: "Email?", validation: "email", variable: "email", retryMessage: "again" }];
    const cond: NodeSpec = ["c", "condition", { combinator: "all", rules: [{ variable: "visitor_email", operator: "notExists" }] }];
    const maybe = validateFlow(
      buildGraph(
        [start, cond, ask, ["m", "message", { text: "We'll write to {{ email }}" }], end],
        [["start", "next", "c"], ["c", "true", "ask"], ["c", "false", "m"], ["ask", "next", "m"], ["m", "next", "end"]],
      ),
    );
    expect(maybe.errors).toEqual([]);
    expect(maybe.warnings).toEqual([expect.objectContaining({ code: "variableMaybeUnset", nodeId: "m" })]);

    const always = validateFlow(buildGraph([start, ask, ["m", "message", { text: "{{ email }}" }], end], [["start", "next", "ask"], ["ask", "next", "m"], ["m", "next", "end"]]));
    expect(always.warnings).toEqual([]);
  });

  test("an HTTP mapping only sets variables on the ok path", () => {
    const http: NodeSpec = [
      "http",
      "http",
      { method: "GET", url: "https://shop.test/x", headers: {}, body: "", timeoutMs: 1000, responseMapping: [{ variable: "status", path: "status" }] },
    ];
    const result = validateFlow(
      buildGraph([start, http, ["m", "message", { text: "{{ status }}" }], end], [["start", "next", "http"], ["http", "ok", "m"], ["http", "error", "m"], ["m", "next", "end"]]),
    );
    expect(find(result.warnings, "variableMaybeUnset")?.nodeId).toBe("m");
  });

  test("intents the bot does not have are errors when the list is given", () => {
    const g = buildGraph(
      [start, listen, ["i", "intent", { intents: ["order_status", "refund"] }], end],
      [["start", "next", "listen"], ["listen", "next", "i"], ["i", "order_status", "end"], ["i", "refund", "end"], ["i", "fallback", "end"]],
    );
    expect(validateFlow(g).errors).toEqual([]);
    const result = validateFlow(g, { intents: ["order_status"] });
    expect(result.errors).toEqual([expect.objectContaining({ code: "unknownIntent", nodeId: "i", handle: "refund" })]);
  });

  test("condition patterns that are not regular expressions are warnings", () => {
    const result = validateFlow(
      buildGraph(
        [start, ["c", "condition", { combinator: "any", rules: [{ variable: "last_message", operator: "matches", value: "([" }] }], end],
        [["start", "next", "c"], ["c", "true", "end"], ["c", "false", "end"]],
      ),
    );
    expect(find(result.warnings, "invalidPattern")?.nodeId).toBe("c");
  });

  describe("handoff", () => {
    const handoff = (data: object = {}): NodeSpec => ["help", "handoff", { label: "Team", waitingMessage: "One moment", ...data }];
    const ask: NodeSpec = ["lead", "ask", { question: "Email?", validation: "email", variable: "email", retryMessage: "again" }];
    const base: [string, string, string][] = [["start", "next", "help"], ["help", "resolved", "end"], ["help", "returned", "end"], ["lead", "next", "end"]];

    test("`offline` is an optional output: connected is valid, unconnected is not even a warning", () => {
      const connected = validateFlow(buildGraph([start, handoff(), ask, end], [...base, ["help", "offline", "lead"]]));
      expect(connected).toEqual({ errors: [], warnings: [] });
      const unconnected = validateFlow(buildGraph([start, handoff(), end], base.filter(([source]) => source !== "lead")));
      expect(unconnected).toEqual({ errors: [], warnings: [] });
    });

    test("a time zone Intl does not know is an error naming the node", () => {
      const result = validateFlow(buildGraph([start, handoff({ businessHours: { timezone: "Europe/Atlantis", days: {} } }), end], base.slice(0, 3)));
      expect(result.errors).toEqual([
        expect.objectContaining({ code: "invalidNodeData", nodeId: "help", message: expect.stringMatching(/“Team”.*“Europe\/Atlantis” is not a time zone/) }),
      ]);
    });

    test("a bad time range is an error naming the node and the day", () => {
      const result = validateFlow(
        buildGraph([start, handoff({ businessHours: { timezone: "Europe/Berlin", days: { mon: [{ from: "9", to: "17:00" }], fri: [{ from: "10:00", to: "10:00" }] } } }), end], base.slice(0, 3)),
      );
      expect(result.errors.map((issue) => [issue.code, issue.nodeId])).toEqual([
        ["invalidNodeData", "help"],
        ["invalidNodeData", "help"],
      ]);
      expect(result.errors[0]?.message).toMatch(/“Team”.*days\.mon\.0\.from.*opening time as HH:MM/);
      expect(result.errors[1]?.message).toMatch(/days\.fri\.0\.to.*opens and closes at the same time/);
    });

    test("a loop back through `offline` never waits when nobody is online, so it is an error", () => {
      const loop = buildGraph([start, handoff(), ["m", "message", { text: "Nobody yet" }], end], [...base.slice(0, 3), ["help", "offline", "m"], ["m", "next", "help"]]);
      expect(find(validateFlow(loop).errors, "cycleWithoutWait")?.message).toMatch(/“Team”.*“m”/);
      const self = buildGraph([start, handoff(), end], [...base.slice(0, 3), ["help", "offline", "help"]]);
      expect(find(validateFlow(self).errors, "cycleWithoutWait")?.nodeId).toBe("help");
      // Resolved / returned come after a person acted: a loop through them waits.
      const afterPerson = buildGraph([start, handoff(), ["m", "message", { text: "Back" }], end], [["start", "next", "help"], ["help", "resolved", "end"], ["help", "returned", "m"], ["m", "next", "help"]]);
      expect(validateFlow(afterPerson).errors).toEqual([]);
      const selfAfterPerson = buildGraph([start, handoff(), end], [["start", "next", "help"], ["help", "resolved", "end"], ["help", "returned", "help"]]);
      expect(validateFlow(selfAfterPerson).errors).toEqual([]);
    });
  });
});
