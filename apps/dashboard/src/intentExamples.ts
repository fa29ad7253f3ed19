/**
 * Example phrases from a one-per-line textarea: trimmed, blank lines
 * dropped, repeats (ignoring case and spacing) kept once, in order.
 */
export function parseExampleLines(text: string): string[] {
  const seen = new Set<string>();
  const examples: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const example = line.replace(/\s+/g, " ").trim();
    const key = example.toLowerCase();
    if (example === "" || seen.has(key)) continue;
    seen.add(key);
    examples.push(example);
  }
  return examples;
}

/** The textarea's text for stored examples (the inverse of parseExampleLines). */
export function examplesToText(examples: readonly string[]): string {
  return examples.join("\n");
}

/** Advice on how many examples to give, or null when there are enough. */
export function exampleAdvice(count: number): string | null {
  if (count === 0) return "Add 5–10 ways customers might ask this, one per line.";
  if (count < 5) return `${count} ${count === 1 ? "example" : "examples"} so far. 5–10 different ways of asking work best.`;
  return null;
}
