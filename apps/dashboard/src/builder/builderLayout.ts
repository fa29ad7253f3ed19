/** Which side columns of the flow editor are open; the canvas takes the rest. */
export interface BuilderLayout {
  isPaletteOpen: boolean;
  isPanelOpen: boolean;
}

const KEY = "chatwright.builder.layout";

/**
 * The owner's last choice in this browser, else: the steps to add open on a
 * wide screen (closed on a phone, so the canvas comes first) and the panel
 * closed, since it has nothing to show until a step is clicked (which opens
 * it). Any unreadable stored value counts as no choice.
 */
export function readBuilderLayout(storage: Pick<Storage, "getItem">, isWide: boolean): BuilderLayout {
  const fallback = { isPaletteOpen: isWide, isPanelOpen: false };
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(KEY) ?? "null");
  } catch {
    return fallback;
  }
  if (typeof stored !== "object" || stored === null) return fallback;
  const isPaletteOpen = "isPaletteOpen" in stored && typeof stored.isPaletteOpen === "boolean" ? stored.isPaletteOpen : fallback.isPaletteOpen;
  const isPanelOpen = "isPanelOpen" in stored && typeof stored.isPanelOpen === "boolean" ? stored.isPanelOpen : fallback.isPanelOpen;
  return { isPaletteOpen, isPanelOpen };
}

export function writeBuilderLayout(storage: Pick<Storage, "setItem">, layout: BuilderLayout): void {
  try {
    storage.setItem(KEY, JSON.stringify(layout));
  } catch {
    // Storage full or disabled: the layout is simply not remembered.
  }
}
