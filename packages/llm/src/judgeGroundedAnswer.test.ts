import { describe, expect, it } from "vitest";
import { judgeGroundedAnswer } from "./judgeGroundedAnswer.ts";

const chunks = [
  { id: "delivery", title: "How long does delivery take?", text: "Delivery takes 2 to 4 working days within the country." },
  { id: "returns", title: "Can I return an item?", text: "You can return any item within 30 days for a full refund." },
];

describe("judgeGroundedAnswer", () => {
  it("accepts a cited reply in the sources' words, with the sources it cites", () => {
    expect(judgeGroundedAnswer("You can return items within 30 days for a refund [2].", chunks)).toEqual({ isAnswered: true, citedChunkIds: ["returns"] });
  });

  it("refuses the decline sentence, an uncited reply and a reply from outside the sources", () => {
    expect(judgeGroundedAnswer("Sorry, I don't know the answer to that.", chunks)).toEqual({ isAnswered: false, reason: "declined" });
    expect(judgeGroundedAnswer("Delivery takes 2 to 4 working days.", chunks)).toEqual({ isAnswered: false, reason: "uncited" });
    expect(judgeGroundedAnswer("The capital of Peru is Lima, a beautiful city on the Pacific coast [1].", chunks)).toEqual({ isAnswered: false, reason: "unsupported" });
  });

  it("ignores citation numbers that match no source", () => {
    expect(judgeGroundedAnswer("Delivery takes 2 to 4 working days [7].", chunks)).toEqual({ isAnswered: false, reason: "uncited" });
  });
});
