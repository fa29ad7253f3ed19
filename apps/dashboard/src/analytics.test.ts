import { describe, expect, it } from "vitest";
import { describeOutcome, shortDay } from "./analytics";

describe("analytics labels", () => {
  it("names the built-in outputs and quotes intent names", () => {
    expect(describeOutcome("notFound")).toBe("Not in the knowledge base");
    expect(describeOutcome("fallback")).toBe("No intent matched");
    expect(describeOutcome("order_status")).toBe("Intent “order_status”");
    expect(describeOutcome("constructor")).toBe("Intent “constructor”");
  });
  it("shows UTC days short, and leaves odd input alone", () => {
    expect(shortDay("2026-11-25")).toBe("Nov 25");
    expect(shortDay("garbage")).toBe("garbage");
  });
});
