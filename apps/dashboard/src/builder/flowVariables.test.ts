import { describe, expect, it } from "vitest";
import { listFlowVariables } from "./flowVariables";

describe("listFlowVariables", () => {
  it("lists built-ins first, then what nodes set, once each", () => {
    const variables = listFlowVariables([
      { type: "ask", data: { question: "Email?", validation: "email", variable: "email", retryMessage: "Again?" } },
      { type: "set", data: { assignments: [{ variable: "topic", value: "x" }, { variable: "email", value: "y" }] } },
      { type: "message", data: { text: "" } },
    ]);
    expect(variables.slice(0, 2)).toEqual(["last_message", "intent"]);
    expect(variables.filter((name) => name === "email")).toHaveLength(1);
    expect(variables).toContain("topic");
  });
});
