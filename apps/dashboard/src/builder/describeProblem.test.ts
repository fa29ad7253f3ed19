import { describe, expect, it } from "vitest";
import { validateFlow } from "@chatwright/flow";
import { describeProblem } from "./describeProblem";
import { nameSteps } from "./nameSteps";

const steps = [
  { id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting: "Hi" } },
  { id: "handoff-1", type: "handoff", position: { x: 0, y: 100 }, data: {} },
  { id: "handoff-2", type: "handoff", position: { x: 0, y: 200 }, data: { label: "Returns team" } },
];

describe("describeProblem", () => {
  it("names steps in the validator's sentences as the canvas does, not by id", () => {
    const { errors } = validateFlow({ schemaVersion: 1, nodes: steps, edges: [{ id: "e", source: "start", sourceHandle: "next", target: "handoff-1" }] });
    const names = nameSteps(steps);
    const shown = errors.map((issue) => describeProblem(issue, steps, names));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.join("\n")).not.toMatch(/handoff-\d/);
    expect(shown.find((text) => text.startsWith("“Hand over to a person”"))).toBeDefined();
    expect(shown.join("\n")).toContain("“Returns team”");
  });

  it("rewrites every step a sentence names, and leaves other sentences alone", () => {
    const names = new Map([
      ["a", "Message"],
      ["b", "Message 2"],
    ]);
    const loop = { code: "cycleWithoutWait" as const, message: "These steps loop without ever waiting for the visitor: the Message node “a”, the Message node “b”. Add an Ask." };
    const looped = [
      { id: "a", type: "message", data: {} },
      { id: "b", type: "message", data: {} },
    ];
    expect(describeProblem(loop, looped, names)).toBe("These steps loop without ever waiting for the visitor: “Message”, “Message 2”. Add an Ask.");
    expect(describeProblem({ code: "missingStart", message: "This flow has no Start node." }, looped, names)).toBe("This flow has no Start node.");
  });
});
