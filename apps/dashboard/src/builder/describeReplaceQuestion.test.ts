import { describe, expect, it } from "vitest";
import { describeReplaceQuestion } from "./describeReplaceQuestion";

const names = new Map([
  ["help", "Talk to the team"],
  ["listen", "Visitor's message"],
  ["end", "Goodbye"],
  ["m", "Message"],
]);

describe("describeReplaceQuestion", () => {
  it("asks about the link that would go, naming the output as the card does and the steps by name", () => {
    const question = describeReplaceQuestion(
      { edge: { id: "n", source: "help", sourceHandle: "resolved", target: "end" }, replaced: { id: "o", source: "help", sourceHandle: "resolved", target: "listen" } },
      names,
    );
    expect(question.title).toBe("Replace the link to “Visitor's message”?");
    expect(question.body).toBe("The “resolved” output of “Talk to the team” goes on to “Visitor's message”. An output leads to one step, so linking it to “Goodbye” removes that link.");
  });

  it("speaks of the step itself when its only output has no name", () => {
    const question = describeReplaceQuestion({ edge: { id: "n", source: "m", sourceHandle: "next", target: "end" }, replaced: { id: "o", source: "m", sourceHandle: "next", target: "listen" } }, names);
    expect(question.body).toMatch(/^“Message” goes on to “Visitor's message”\./);
  });
});
