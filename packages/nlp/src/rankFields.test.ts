import { describe, expect, it } from "vitest";
import { rankFields } from "./rankFields.ts";

describe("rankFields", () => {
  const passages = [
    { id: "what", title: "What is a coronavirus?", body: "A coronavirus is a virus. Coronaviruses cause colds." },
    { id: "symptoms", title: "What are the symptoms?", body: "The coronavirus causes fever and a cough. Coronavirus symptoms show after five days." },
    { id: "travel", title: "Can I travel?", body: "Check the coronavirus advice of the country you travel to." },
  ];

  it("ranks the passage whose title asks the question above one whose body repeats the words", () => {
    expect(rankFields("symptoms of coronavirus", passages)[0]?.id).toBe("symptoms");
  });

  it("counts document frequency over whole passages: a word every body has does not pick the one title that says it", () => {
    expect(rankFields("coronavirus travel advice", passages)[0]?.id).toBe("travel");
  });

  it("leaves out passages that share no term with the query", () => {
    expect(rankFields("opening hours", passages)).toEqual([]);
  });
});
