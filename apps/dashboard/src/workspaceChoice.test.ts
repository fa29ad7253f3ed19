import { describe, expect, it } from "vitest";
import { chooseWorkspace } from "./workspaceChoice";

describe("chooseWorkspace", () => {
  const workspaces = [{ id: "a" }, { id: "b" }];
  it("prefers the remembered workspace, else the first, else none", () => {
    expect(chooseWorkspace(workspaces, "b")).toEqual({ id: "b" });
    expect(chooseWorkspace(workspaces, "gone")).toEqual({ id: "a" });
    expect(chooseWorkspace(workspaces, null)).toEqual({ id: "a" });
    expect(chooseWorkspace([], "a")).toBeNull();
  });
});
