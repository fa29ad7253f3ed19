import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "./router";

describe("password reset and dev mailbox routes", () => {
  it("match the pages the emails and the sign-in page link to", () => {
    expect(matchRoute("/forgot-password")).toEqual({ name: "forgotPassword" });
    expect(matchRoute("/reset-password/abc_DEF-123")).toEqual({ name: "resetPassword", token: "abc_DEF-123" });
    expect(matchRoute("/dev/mailbox")).toEqual({ name: "devMailbox" });
  });

  it("round-trip a token through the path, and refuse malformed ones", () => {
    expect(matchRoute(paths.resetPassword("a b/c"))).toEqual({ name: "notFound" });
    expect(matchRoute(paths.resetPassword("tok-en_1"))).toEqual({ name: "resetPassword", token: "tok-en_1" });
    expect(matchRoute("/reset-password")).toEqual({ name: "notFound" });
    expect(matchRoute("/reset-password/a/b")).toEqual({ name: "notFound" });
    expect(matchRoute("/dev")).toEqual({ name: "notFound" });
  });
});
