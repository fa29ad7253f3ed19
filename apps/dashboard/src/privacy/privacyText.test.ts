import { describe, expect, it } from "vitest";
import { describeRetention, describeVisitorDeletion, parseRetentionDays } from "./privacyText";

describe("describeVisitorDeletion", () => {
  it("counts what was erased, in plain words", () => {
    expect(describeVisitorDeletion("v_abc", { conversations: 1, messages: 1 })).toBe("Erased visitor v_abc: 1 conversation and 1 message.");
    expect(describeVisitorDeletion("v_abc", { conversations: 2, messages: 9 })).toBe("Erased visitor v_abc: 2 conversations and 9 messages.");
    expect(describeVisitorDeletion("v_abc", { conversations: 0, messages: 0 })).toBe("Nothing was stored for visitor v_abc any more.");
  });
});

describe("parseRetentionDays", () => {
  it("reads an empty box as keep, whole days in range as days, and refuses the rest in plain words", () => {
    expect(parseRetentionDays(" ")).toEqual({ ok: true, days: null });
    expect(parseRetentionDays("30")).toEqual({ ok: true, days: 30 });
    expect(parseRetentionDays("0")).toMatchObject({ ok: false, message: "Choose from 1 to 3650 days." });
    expect(parseRetentionDays("3651")).toMatchObject({ ok: false });
    expect(parseRetentionDays("2.5")).toMatchObject({ ok: false, message: expect.stringContaining("whole number") });
    expect(describeRetention(1)).toBe("Conversations are deleted 1 day after their last message.");
    expect(describeRetention(null)).toBe("Conversations are kept until you delete them.");
  });
});
