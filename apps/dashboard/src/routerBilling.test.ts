import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "./router";

describe("billing route", () => {
  it("maps /w/:id/billing both ways", () => {
    expect(matchRoute("/w/ws-1/billing")).toEqual({ name: "billing", workspaceId: "ws-1" });
    expect(matchRoute(paths.billing("ws 2"))).toEqual({ name: "billing", workspaceId: "ws 2" });
    expect(matchRoute("/w/ws-1/billing/extra")).toEqual({ name: "notFound" });
  });
});
