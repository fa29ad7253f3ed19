import { describe, expect, it } from "vitest";
import { matchRoute, paths, safeNextPath, withNext } from "./router";

describe("matchRoute", () => {
  it("matches every screen", () => {
    expect(matchRoute("/")).toEqual({ name: "home" });
    expect(matchRoute("")).toEqual({ name: "home" });
    expect(matchRoute("/signin")).toEqual({ name: "signIn" });
    expect(matchRoute("/signup/")).toEqual({ name: "signUp" });
    expect(matchRoute("/w/ws-1/bots")).toEqual({ name: "bots", workspaceId: "ws-1" });
    expect(matchRoute("/w/ws-1/members")).toEqual({ name: "members", workspaceId: "ws-1" });
    expect(matchRoute("/w/ws-1/settings")).toEqual({ name: "settings", workspaceId: "ws-1" });
    expect(matchRoute(paths.settings("ws-1"))).toEqual({ name: "settings", workspaceId: "ws-1" });
    expect(matchRoute("/invite/abc_DEF-123")).toEqual({ name: "invite", token: "abc_DEF-123" });
    expect(matchRoute("/w/ws-1/bots/b-1")).toEqual({ name: "bot", workspaceId: "ws-1", botId: "b-1", tab: null });
    expect(matchRoute("/w/ws-1/bots/b-1/knowledge")).toEqual({ name: "bot", workspaceId: "ws-1", botId: "b-1", tab: "knowledge" });
    expect(matchRoute("/w/ws-1/bots/b-1/intents/")).toEqual({ name: "bot", workspaceId: "ws-1", botId: "b-1", tab: "intents" });
  });

  it("builds bot paths that match back", () => {
    expect(paths.bot("ws 1", "b/1")).toBe("/w/ws%201/bots/b%2F1");
    expect(matchRoute(paths.bot("ws-1", "b-1", "intents"))).toEqual({ name: "bot", workspaceId: "ws-1", botId: "b-1", tab: "intents" });
    expect(matchRoute(paths.bot("ws-1", "b-1"))).toEqual({ name: "bot", workspaceId: "ws-1", botId: "b-1", tab: null });
  });

  it("decodes segments and round-trips with paths", () => {
    expect(matchRoute(paths.invite("a b"))).toEqual({ name: "invite", token: "a b" });
    expect(matchRoute(paths.bots("x/y"))).toEqual({ name: "notFound" });
    expect(matchRoute(paths.members("123e4567-e89b-12d3-a456-426614174000"))).toEqual({
      name: "members",
      workspaceId: "123e4567-e89b-12d3-a456-426614174000",
    });
  });

  it("sends anything else to not found", () => {
    for (const path of ["/w", "/w/ws-1", "/w/ws-1/bots/b-1/intents/extra", "/w/ws-1/bots/b-1/Intents", "/w/ws-1/bots/%E0%A4%A", "/w/ws-1/flows", "/invite", "/invite/a/b", "/signin/x", "/nope", "/invite/%E0%A4%A"]) {
      expect(matchRoute(path)).toEqual({ name: "notFound" });
    }
  });
});

describe("safeNextPath", () => {
  it("accepts same-site paths only", () => {
    expect(safeNextPath("/invite/abc")).toBe("/invite/abc");
    expect(safeNextPath("/w/1/bots?x=1")).toBe("/w/1/bots?x=1");
    expect(safeNextPath(null)).toBeNull();
    expect(safeNextPath("")).toBeNull();
    expect(safeNextPath("https://evil.example/")).toBeNull();
    expect(safeNextPath("//evil.example/")).toBeNull();
    expect(safeNextPath("/\\evil.example/")).toBeNull();
    expect(safeNextPath("javascript:alert(1)")).toBeNull();
  });

  it("is the inverse of withNext", () => {
    const url = withNext("/signin", "/invite/abc?x=1&y=2");
    expect(url).toBe("/signin?next=%2Finvite%2Fabc%3Fx%3D1%26y%3D2");
    expect(safeNextPath(new URLSearchParams(url.split("?")[1]).get("next"))).toBe("/invite/abc?x=1&y=2");
    expect(withNext("/signin", null)).toBe("/signin");
  });
});
