import { describe, expect, it } from "vitest";
import { linkifyText } from "./linkifyText";

describe("linkifyText", () => {
  it("finds links between text, leaving a sentence's punctuation outside", () => {
    expect(linkifyText("Open https://app.test/reset-password/abc_D-1 now.\nOr https://app.test/x.")).toEqual([
      { kind: "text", text: "Open " },
      { kind: "link", url: "https://app.test/reset-password/abc_D-1" },
      { kind: "text", text: " now.\nOr " },
      { kind: "link", url: "https://app.test/x" },
      { kind: "text", text: "." },
    ]);
  });

  it("leaves text without links alone", () => {
    expect(linkifyText("no links here")).toEqual([{ kind: "text", text: "no links here" }]);
    expect(linkifyText("")).toEqual([]);
  });
});
