import { describe, expect, it } from "vitest";
import { describeVisitorDeletion } from "./privacyText";

describe("describeVisitorDeletion", () => {
  it("counts what was erased, in plain words", () => {
    expect(describeVisitorDeletion("v_abc", { conversations: 1, messages: 1 })).toBe("Erased visitor v_abc: 1 conversation and 1 message.");
    expect(describeVisitorDeletion("v_abc", { conversations: 2, messages: 9 })).toBe("Erased visitor v_abc: 2 conversations and 9 messages.");
    expect(describeVisitorDeletion("v_abc", { conversations: 0, messages: 0 })).toBe("Nothing was stored for visitor v_abc any more.");
  });
});
