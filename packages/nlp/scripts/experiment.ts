// Compares classifier variants on the intent dev sets: in-scope accuracy of
// the top intent, and the best single OOS threshold on the raw top score.
//   npx tsx packages/nlp/scripts/experiment.ts '{"isEmbeddingUsed":false}'
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { trainIntentClassifier } from "../src/trainIntentClassifier.ts";
import { scoreIntents } from "../src/classifyIntent.ts";

const dir = process.argv[3] ?? "/work/shared/eval";
const options = JSON.parse(process.argv[2] ?? "{}") as Record<string, unknown>;
type Set = { name: string; intents: Record<string, string[]>; test: { text: string; intent: string | null }[] };
const files = readdirSync(dir).filter((f) => f.startsWith("intents-")).sort();
const rows: { top: number; second: number; isCorrect: boolean; isOutOfScope: boolean; set: string }[] = [];
const summary: Record<string, number> = {};
let trainMs = 0;
for (const file of files) {
  const set = JSON.parse(readFileSync(join(dir, file), "utf8")) as Set;
  const t0 = performance.now();
  const model = trainIntentClassifier({ intents: Object.entries(set.intents).map(([name, examples]) => ({ name, examples })), options });
  trainMs += performance.now() - t0;
  let correct = 0;
  let inScope = 0;
  for (const item of set.test) {
    const scores = scoreIntents(model, item.text);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if ((scores[i] ?? 0) > (scores[best] ?? 0)) best = i;
    const sorted = [...scores].sort((a, b) => b - a);
    const isCorrect = model.intents[best] === item.intent;
    if (item.intent !== null) {
      inScope++;
      if (isCorrect) correct++;
    }
    rows.push({ top: sorted[0] ?? 0, second: sorted[1] ?? 0, isCorrect, isOutOfScope: item.intent === null, set: file });
  }
  summary[file.replace(/^intents-|-dev\.json$/g, "")] = Math.round((correct / inScope) * 1000) / 1000;
}
// best global threshold on the raw top score: maximise mean overall accuracy over sets with OOS
const sets = [...new Set(rows.filter((r) => r.isOutOfScope).map((r) => r.set))];
let bestThreshold = 0;
let bestAccuracy = 0;
for (let t = 0; t <= 1; t += 0.005) {
  let acc = 0;
  for (const s of sets) {
    const rs = rows.filter((r) => r.set === s);
    acc += rs.filter((r) => (r.isOutOfScope ? r.top < t : r.isCorrect && r.top >= t)).length / rs.length;
  }
  acc /= sets.length;
  if (acc > bestAccuracy) [bestAccuracy, bestThreshold] = [acc, t];
}
for (const lambda of [0, 0.25, 0.5, 1]) {
  let bt = 0;
  let ba = 0;
  for (let t = 0; t <= 1.5; t += 0.005) {
    let acc = 0;
    for (const s of sets) {
      const rs = rows.filter((r) => r.set === s);
      const d = (r: (typeof rows)[number]) => r.top + lambda * (r.top - r.second);
      acc += rs.filter((r) => (r.isOutOfScope ? d(r) < t : r.isCorrect && d(r) >= t)).length / rs.length;
    }
    acc /= sets.length;
    if (acc > ba) [ba, bt] = [acc, t];
  }
  console.log(JSON.stringify({ lambda, threshold: Math.round(bt * 1000) / 1000, meanOverall: Math.round(ba * 1000) / 1000 }));
}
const domains = Object.entries(summary).filter(([k]) => k.startsWith("clinc-"));
console.log(JSON.stringify({ options, summary, meanDomainInScope: Math.round((domains.reduce((a, [, v]) => a + v, 0) / domains.length) * 1000) / 1000, bestThreshold: Math.round(bestThreshold * 1000) / 1000, meanOverallAtBest: Math.round(bestAccuracy * 1000) / 1000, trainMs: Math.round(trainMs) }));

// Calibration: confidence = sigmoid(slope * (top - center)) with center the
// best global threshold above (where, on sets half out of scope, a right
// answer and an out-of-scope one are equally likely: confidence 0.5), and
// slope fitted by logistic regression of "top intent is right and in scope"
// on the sets that have out-of-scope utterances.
const oosRows = rows.filter((r) => sets.includes(r.set));
let slope = 1;
for (let epoch = 0; epoch < 2000; epoch++) {
  let g = 0;
  for (const r of oosRows) {
    const x = r.top - bestThreshold;
    const p = 1 / (1 + Math.exp(-slope * x));
    g += (p - (r.isCorrect && !r.isOutOfScope ? 1 : 0)) * x;
  }
  slope -= (200 * g) / oosRows.length;
}
let brier = 0;
for (const r of oosRows) brier += (1 / (1 + Math.exp(-slope * (r.top - bestThreshold))) - (r.isCorrect && !r.isOutOfScope ? 1 : 0)) ** 2;
console.log(JSON.stringify({ calibration: { slope: Math.round(slope * 100) / 100, center: Math.round(bestThreshold * 1000) / 1000, marginSlope: 0, threshold: 0.5 }, brier: Math.round((brier / oosRows.length) * 1000) / 1000 }));
