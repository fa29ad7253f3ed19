import { describe, expect, it } from "vitest";
import { describeBotState, tryPagePath } from "./describeBotState";

describe("describeBotState", () => {
  it("says not live, live with its version, or live with draft changes", () => {
    expect(describeBotState({ liveVersion: null, hasDraftChanges: false })).toMatchObject({ tone: "off", label: "Not live" });
    expect(describeBotState({ liveVersion: 3, hasDraftChanges: false })).toMatchObject({ tone: "live", label: "Live v3" });
    expect(describeBotState({ liveVersion: 3, hasDraftChanges: true })).toMatchObject({ tone: "changed", label: "Live v3 · draft changes" });
  });
});

describe("tryPagePath", () => {
  it("is /try/<public key>", () => {
    expect(tryPagePath("pk_abc-DEF_1")).toBe("/try/pk_abc-DEF_1");
  });
});
