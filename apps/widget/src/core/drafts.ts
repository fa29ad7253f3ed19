/** Bot replies still streaming, by the node producing them; the stored message replaces its draft. */
export interface Drafts {
  readonly entries: readonly { nodeId: string; text: string }[];
  append(nodeId: string, text: string): void;
  complete(nodeId: string | null): void;
  clear(): void;
}

export function createDrafts(): Drafts {
  let entries: { nodeId: string; text: string }[] = [];
  return {
    get entries() {
      return entries;
    },
    append(nodeId, text) {
      const existing = entries.find((d) => d.nodeId === nodeId);
      entries = existing ? entries.map((d) => (d === existing ? { nodeId, text: d.text + text } : d)) : [...entries, { nodeId, text }];
    },
    complete(nodeId) {
      entries = nodeId === null ? entries : entries.filter((d) => d.nodeId !== nodeId);
    },
    clear() {
      entries = [];
    },
  };
}
