import { describe, expect, it } from "vitest";
import { nameSteps } from "./nameSteps";

describe("nameSteps", () => {
  it("calls a step by the name the owner gave it, else by its type's title, never by its id", () => {
    const names = nameSteps([
      { id: "start", type: "start", data: {} },
      { id: "handoff-1", type: "handoff", data: {} },
      { id: "help", type: "handoff", data: { label: "  Returns team " } },
    ]);
    expect(names).toEqual(
      new Map([
        ["start", "Start"],
        ["handoff-1", "Hand over to a person"],
        ["help", "Returns team"],
      ]),
    );
  });

  it("numbers a name used twice from the second step on, so adding a step renames no other", () => {
    const steps = [
      { id: "handoff-1", type: "handoff", data: {} },
      { id: "handoff-2", type: "handoff", data: {} },
      { id: "m", type: "message", data: { label: "Thanks" } },
      { id: "m2", type: "message", data: { label: "Thanks" } },
    ];
    expect([...nameSteps(steps).values()]).toEqual(["Hand over to a person", "Hand over to a person 2", "Thanks", "Thanks 2"]);
    expect([...nameSteps([...steps, { id: "handoff-3", type: "handoff", data: {} }]).values()].slice(0, 4)).toEqual([...nameSteps(steps).values()]);
  });

  it("does not hand out a number someone chose as a name", () => {
    const names = nameSteps([
      { id: "a", type: "message", data: {} },
      { id: "b", type: "message", data: {} },
      { id: "c", type: "end", data: { label: "Message 2" } },
    ]);
    expect([...names.values()]).toEqual(["Message", "Message 3", "Message 2"]);
  });
});
