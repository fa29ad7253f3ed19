// Encodes every example and test utterance of the intent eval sets once, for
// packages/nlp/scripts/experiment.ts (which then tries classifier variants
// without encoding again):
//   npx tsx packages/encoder/scripts/encodeEvalSets.ts ../shared/eval /tmp/use-lite-vectors
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSentenceEncoder } from "../src/loadSentenceEncoder.ts";

const [dir = "../shared/eval", out = "/tmp/use-lite-vectors"] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const encoder = createSentenceEncoder({ thread: "main", cacheSize: 0 });
for (const file of readdirSync(dir).filter((f) => f.startsWith("intents-")).sort()) {
  const set = JSON.parse(readFileSync(join(dir, file), "utf8")) as { intents: Record<string, string[]>; test: { text: string }[] };
  const texts = [...new Set([...Object.values(set.intents).flat(), ...set.test.map((t) => t.text)])];
  const started = performance.now();
  const vectors = await encoder.encode(texts);
  const byText = Object.fromEntries(texts.map((t, i) => [t, Array.from(vectors[i] ?? [], (x) => Math.round(x * 1e5) / 1e5)]));
  writeFileSync(join(out, file), JSON.stringify(byText));
  console.log(JSON.stringify({ file, texts: texts.length, ms: Math.round(performance.now() - started) }));
}
