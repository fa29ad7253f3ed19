import { describe, expect, test } from "vitest";
import { compileFlow } from "../../compileFlow.ts";
import { buildGraph, type EdgeSpec, type NodeSpec } from "../../testing/flowBuilder.ts";
import { handoffDataSchema, handoffDefaults, handoffNode } from "./index.ts";

const weekdays = [{ from: "09:00", to: "17:00" }];

describe("handoff node", () => {
  test("its defaults are valid settings without business hours (always open)", () => {
    const data = handoffDataSchema.parse(handoffDefaults);
    expect(data.businessHours).toBeUndefined();
    expect(data.offlineMessage).toMatch(/offline/);
  });

  test("takes business hours with a time zone and per-day ranges", () => {
    const data = handoffDataSchema.parse({ ...handoffDefaults, businessHours: { timezone: "Europe/Paris", days: { mon: weekdays, sat: [] } } });
    expect(data.businessHours).toEqual({ timezone: "Europe/Paris", days: { mon: weekdays, sat: [] } });
  });

  test("has an optional `offline` output, left unconnected without a warning, taken without waiting", () => {
    expect(handoffNode.outputs(handoffDefaults)).toEqual([
      { handle: "resolved", isRequired: true },
      { handle: "returned", isRequired: true },
      { handle: "offline", isRequired: false, isWorthConnecting: false, isTakenWithoutWaiting: true },
    ]);
  });

  describe("compiled", () => {
    const nodes = (data: object): NodeSpec[] => [
      ["start", "start", {}],
      ["help", "handoff", { waitingMessage: "One moment", ...data }],
      ["lead", "ask", { question: "Your email?", validation: "email", variable: "email", retryMessage: "An email please" }],
      ["end", "end", { askRating: false }],
    ];
    const edges: EdgeSpec[] = [["start", "next", "help"], ["help", "resolved", "end"], ["help", "returned", "end"], ["lead", "next", "end"]];
    const compile = (data: object, extraEdges: EdgeSpec[] = []) => {
      const result = compileFlow(buildGraph(nodes(data), [...edges, ...extraEdges]));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const help = result.machine.states.help;
      if (!help?.states?.checking?.invoke) throw new Error("no availability check");
      return { help, invoke: help.states.checking.invoke };
    };

    test("passes business hours to the availability check, every weekday present in week order", () => {
      const { invoke } = compile({ businessHours: { timezone: "Europe/Paris", days: { fri: weekdays, mon: weekdays } } });
      expect(invoke.input.$nodeInput.params).toEqual({
        businessHours: { timezone: "Europe/Paris", days: { mon: weekdays, tue: [], wed: [], thu: [], fri: weekdays, sat: [], sun: [] } },
      });
      expect(Object.keys((invoke.input.$nodeInput.params.businessHours as { days: object }).days)).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    });

    test("available: waiting message; offline without the `offline` output: the offline message and wait for a person", () => {
      const { invoke } = compile({ offlineMessage: "We're closed" });
      expect(invoke.onDone).toEqual([
        { target: "#flow.help.waiting", guard: { type: "isResultHandle", params: { handle: "available" } }, actions: [{ type: "startHandoff", params: { nodeId: "help", message: "One moment", isOffline: false } }] },
        { target: "#flow.help.waiting", actions: [{ type: "startHandoff", params: { nodeId: "help", message: "We're closed", isOffline: true } }] },
      ]);
      // A failed presence lookup hands over rather than skipping the team.
      expect(invoke.onError).toEqual([{ target: "#flow.help.waiting", actions: [{ type: "startHandoff", params: { nodeId: "help", message: "One moment", isOffline: false } }] }]);
    });

    test("offline with the `offline` output connected: the offline message, then on to that output's node", () => {
      const { invoke } = compile({ offlineMessage: "We're closed" }, [["help", "offline", "lead"]]);
      expect(invoke.onDone[1]).toEqual({
        target: "#flow.lead",
        actions: [
          { type: "sendMessage", params: { nodeId: "help", text: "We're closed" } },
          { type: "reportHandoffOffline", params: { nodeId: "help" } },
        ],
      });
      const silent = compile({}, [["help", "offline", "lead"]]);
      expect(silent.invoke.onDone[1]?.actions).toEqual([{ type: "reportHandoffOffline", params: { nodeId: "help" } }]);
    });
  });
});
