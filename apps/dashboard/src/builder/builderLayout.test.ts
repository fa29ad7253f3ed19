import { describe, expect, it } from "vitest";
import { readBuilderLayout, writeBuilderLayout } from "./builderLayout";

function memoryStorage(initial: string | null = null) {
  let value = initial;
  return {
    getItem: () => value,
    setItem: (_key: string, next: string) => {
      value = next;
    },
  };
}

describe("builder layout", () => {
  it("opens the steps to add on a wide screen only, and starts with the panel closed until a step is clicked", () => {
    expect(readBuilderLayout(memoryStorage(), true)).toEqual({ isPaletteOpen: true, isPanelOpen: false });
    expect(readBuilderLayout(memoryStorage(), false)).toEqual({ isPaletteOpen: false, isPanelOpen: false });
  });

  it("remembers the owner's choice and ignores what it cannot read", () => {
    const storage = memoryStorage();
    writeBuilderLayout(storage, { isPaletteOpen: false, isPanelOpen: false });
    expect(readBuilderLayout(storage, true)).toEqual({ isPaletteOpen: false, isPanelOpen: false });
    expect(readBuilderLayout(memoryStorage("{not json"), true)).toEqual({ isPaletteOpen: true, isPanelOpen: false });
    expect(readBuilderLayout(memoryStorage('{"isPanelOpen":"no","isPaletteOpen":false}'), true)).toEqual({ isPaletteOpen: false, isPanelOpen: false });
  });
});
