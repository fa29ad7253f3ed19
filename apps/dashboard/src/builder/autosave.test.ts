import { describe, expect, it } from "vitest";
import { clearDraftBackup, describeSaveStatus, readDraftBackup, writeDraftBackup } from "./autosave";

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe("draft backup", () => {
  it("round-trips a draft per flow and ignores junk", () => {
    const storage = memoryStorage();
    writeDraftBackup(storage, "f1", { baseRevision: 3, graph: { schemaVersion: 1, nodes: [], edges: [] }, savedAt: 42 });
    expect(readDraftBackup(storage, "f1")).toEqual({ baseRevision: 3, graph: { schemaVersion: 1, nodes: [], edges: [] }, savedAt: 42 });
    expect(readDraftBackup(storage, "f2")).toBeNull();
    storage.setItem("chatwright:flow-draft:f3", "{not json");
    expect(readDraftBackup(storage, "f3")).toBeNull();
    storage.setItem("chatwright:flow-draft:f4", JSON.stringify({ baseRevision: "3" }));
    expect(readDraftBackup(storage, "f4")).toBeNull();
    clearDraftBackup(storage, "f1");
    expect(readDraftBackup(storage, "f1")).toBeNull();
  });

  it("words every status for the owner", () => {
    expect(describeSaveStatus("conflict")).toContain("another tab");
    expect(describeSaveStatus("offline")).toContain("kept in this browser");
  });
});
