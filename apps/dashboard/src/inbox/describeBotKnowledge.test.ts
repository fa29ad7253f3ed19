import { describe, expect, it } from "vitest";
import { describeBotKnowledge } from "./describeBotKnowledge";

describe("describeBotKnowledge", () => {
  it("leads with the topic and how sure the bot was, and leaves out what the transcript already shows", () => {
    const facts = describeBotKnowledge(
      { intent: "talk_to_human", intent_confidence: "0.993", last_message: "talk to a person", visitor_name: "Maria Lopez", visitor_email: "maria@example.com", order_number: "A-19" },
      "talk_to_human",
    );
    expect(facts).toEqual([
      { label: "Topic", value: "Talk to human (99% sure)" },
      { label: "Email", value: "maria@example.com" },
      { label: "Order number", value: "A-19" },
    ]);
  });

  it("says nothing of empty values, and no confidence when there is none", () => {
    expect(describeBotKnowledge({ visitor_email: "", intent: "shipping" }, "shipping")).toEqual([{ label: "Topic", value: "Shipping" }]);
    expect(describeBotKnowledge({}, null)).toEqual([]);
  });
});
