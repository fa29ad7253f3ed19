import { describe, expect, it } from "vitest";
import { describeIssueOnCard } from "./describeIssueOnCard";

describe("describeIssueOnCard", () => {
  it("shortens connection problems to what to do, with the handle's shown name", () => {
    expect(describeIssueOnCard({ code: "unconnectedOutput", message: "long", nodeId: "faq", handle: "notFound" })).toBe("Connect the “not found” output");
    expect(describeIssueOnCard({ code: "unconnectedOutput", message: "long", nodeId: "l", handle: "next" })).toBe("Connect this step to the next one");
    expect(describeIssueOnCard({ code: "unreachableNode", message: "long", nodeId: "x" })).toBe("No step leads here yet");
  });

  it("keeps other messages whole", () => {
    expect(describeIssueOnCard({ code: "unknownIntent", message: "The intent “x” does not exist.", nodeId: "i" })).toBe("The intent “x” does not exist.");
  });
});
