import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "./router";

describe("the privacy route", () => {
  it("round-trips through paths.privacy", () => {
    const workspaceId = "0b6f7c1e-5a7d-4f7a-9a47-1d2c3b4a5e6f";
    expect(paths.privacy(workspaceId)).toBe(`/w/${workspaceId}/privacy`);
    expect(matchRoute(paths.privacy(workspaceId))).toEqual({ name: "privacy", workspaceId });
    expect(matchRoute(`/w/${workspaceId}/privacy/extra`)).toEqual({ name: "notFound" });
  });
});
