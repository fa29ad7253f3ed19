// Compares classifier variants on the intent dev sets: in-scope accuracy of
// the top intent, and the best single OOS threshold on the raw top score.
//   npx tsx packages/nlp/scripts/experiment.ts '{"isEmbeddingUsed":false}'
// A third argument, a folder of files named like the sets holding
// `{ "<text>": [vector] }` (the sentence encoder's vectors of every example
// and test utterance, written by packages/encoder/scripts/encodeEvalSets.ts), adds the
// sentence encoder:
//   npx tsx packages/nlp/scripts/experiment.ts '{}' ../shared/eval /tmp/use-lite-vectors
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { trainIntentClassifier } from "../src/trainIntentClassifier.ts";
import { scoreIntents } from "../src/classifyIntent.ts";
import { leaveOneOutScores, quantile } from "../src/calibrateIntentModel.ts";

const dir = process.argv[3] ?? "/work/shared/eval";
const options = JSON.parse(process.argv[2] ?? "{}") as Record<string, unknown>;
type Set = { name: string; intents: Record<string, string[]>; test: { text: string; intent: string | null }[] };
const files = readdirSync(dir).filter((f) => f.startsWith("intents-")).sort();
const rows: { top: number; second: number; isCorrect: boolean; isOutOfScope: boolean; set: string }[] = [];
const summary: Record<string, number> = {};
// per set: in-scope after the model's own threshold, OOS recall, overall; and LOO quantiles of the top score
const thresholded: Record<string, { inScope: number; oosRecall: number | null; overall: number; center: number; loo: number[] }> = {};
const looTops: Record<string, number[]> = {};
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
let trainMs = 0;
let trainCpuMs = 0;
for (const file of files) {
  const set = JSON.parse(readFileSync(join(dir, file), "utf8")) as Set;
  const cache = process.argv[4];
  const vectors = cache ? (JSON.parse(readFileSync(join(cache, file), "utf8")) as Record<string, number[]>) : null;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const model = trainIntentClassifier({
    intents: Object.entries(set.intents).map(([name, examples]) => ({ name, examples })),
    options,
    ...(vectors ? { sentenceVectors: { encoder: "cache", vectorOf: (text: string) => vectors[text] } } : {}),
  });
  trainMs += performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  trainCpuMs += (cpu.user + cpu.system) / 1000;
  if (file.includes("clinc150")) console.log(JSON.stringify({ clinc150TrainMs: Math.round(performance.now() - t0), clinc150TrainCpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
  let correct = 0;
  let inScope = 0;
  let acceptedCorrect = 0;
  let oos = 0;
  let oosRejected = 0;
  const { slope, center, threshold } = model.calibration;
  const tops = leaveOneOutScores(model).map((r) => r.top);
  looTops[file] = tops;
  const loo = [0.05, 0.1, 0.2, 0.3, 0.5].map((q) => Math.round(quantile(tops, q) * 1000) / 1000);
  for (const item of set.test) {
    const scores = scoreIntents(model, item.text, vectors?.[item.text]);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if ((scores[i] ?? 0) > (scores[best] ?? 0)) best = i;
    const sorted = [...scores].sort((a, b) => b - a);
    const isCorrect = model.intents[best] === item.intent;
    const isAccepted = (sorted[0] ?? 0) > 0 && sigmoid(slope * ((sorted[0] ?? 0) - center)) >= threshold;
    if (item.intent !== null) {
      inScope++;
      if (isCorrect) correct++;
      if (isCorrect && isAccepted) acceptedCorrect++;
    } else {
      oos++;
      if (!isAccepted) oosRejected++;
    }
    rows.push({ top: sorted[0] ?? 0, second: sorted[1] ?? 0, isCorrect, isOutOfScope: item.intent === null, set: file });
  }
  summary[file.replace(/^intents-|-dev\.json$/g, "")] = Math.round((correct / inScope) * 1000) / 1000;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  thresholded[file.replace(/^intents-|-dev\.json$/g, "")] = {
    inScope: r3(acceptedCorrect / inScope),
    oosRecall: oos > 0 ? r3(oosRejected / oos) : null,
    overall: r3((acceptedCorrect + oosRejected) / (inScope + oos)),
    center,
    loo,
  };
}
for (const [name, t] of Object.entries(thresholded)) console.log(JSON.stringify({ name, top1: summary[name], ...t }));
{
  const ds = Object.entries(thresholded).filter(([k]) => k.startsWith("clinc-"));
  const mean = (f: (t: (typeof ds)[number][1]) => number) => Math.round((ds.reduce((a, [, t]) => a + f(t), 0) / ds.length) * 1000) / 1000;
  console.log(JSON.stringify({ domainsMean: { inScope: mean((t) => t.inScope), oosRecall: mean((t) => t.oosRecall ?? 0), overall: mean((t) => t.overall) } }));
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
// per-model centre = quantile_q(leave-one-out top scores) - offset: grid over (q, offset)
{
  const grid: { q: number; offset: number; meanOverall: number; clinc150InScope: number; domainsInScope: number; domainsOos: number }[] = [];
  for (const q of [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]) {
    for (let offset = -0.1; offset <= 0.2001; offset += 0.01) {
      let acc = 0;
      let domainsInScope = 0;
      let domainsOos = 0;
      let clinc150InScope = 0;
      for (const s of sets) {
        const rs = rows.filter((r) => r.set === s);
        const t = quantile(looTops[s] ?? [], q) - offset;
        acc += rs.filter((r) => (r.isOutOfScope ? r.top < t : r.isCorrect && r.top >= t)).length / rs.length;
        const ins = rs.filter((r) => !r.isOutOfScope);
        const inScopeAcc = ins.filter((r) => r.isCorrect && r.top >= t).length / ins.length;
        const o = rs.filter((r) => r.isOutOfScope);
        if (s.includes("clinc150")) clinc150InScope = inScopeAcc;
        else {
          domainsInScope += inScopeAcc / (sets.length - 1);
          domainsOos += o.filter((r) => r.top < t).length / o.length / (sets.length - 1);
        }
      }
      grid.push({ q, offset: Math.round(offset * 100) / 100, meanOverall: Math.round((acc / sets.length) * 1000) / 1000, clinc150InScope: Math.round(clinc150InScope * 1000) / 1000, domainsInScope: Math.round(domainsInScope * 1000) / 1000, domainsOos: Math.round(domainsOos * 1000) / 1000 });
    }
  }
  // shrunk towards one global centre: t = beta * quantile_q + c
  const shrunk: { beta: number; q: number; c: number; meanOverall: number }[] = [];
  for (const beta of [0, 0.25, 0.5, 0.75]) {
    for (const q of [0.1, 0.2, 0.3, 0.5]) {
      for (let c = 0; c <= 0.8; c += 0.005) {
        let acc = 0;
        for (const s of sets) {
          const rs = rows.filter((r) => r.set === s);
          const t = beta * quantile(looTops[s] ?? [], q) + c;
          acc += rs.filter((r) => (r.isOutOfScope ? r.top < t : r.isCorrect && r.top >= t)).length / rs.length;
        }
        shrunk.push({ beta, q, c: Math.round(c * 1000) / 1000, meanOverall: Math.round((acc / sets.length) * 1000) / 1000 });
      }
    }
  }
  const bestShrunk = new Map<string, (typeof shrunk)[number]>();
  for (const g of shrunk) {
    const key = `${g.beta}/${g.q}`;
    if ((bestShrunk.get(key)?.meanOverall ?? -1) < g.meanOverall) bestShrunk.set(key, g);
  }
  for (const g of bestShrunk.values()) console.log(JSON.stringify({ shrunk: g }));
  grid.sort((a, b) => b.meanOverall - a.meanOverall);
  for (const g of grid.slice(0, 8)) console.log(JSON.stringify({ perModel: g }));
  const byQ = new Map<number, (typeof grid)[number]>();
  for (const g of grid) if (!byQ.has(g.q)) byQ.set(g.q, g);
  for (const g of byQ.values()) console.log(JSON.stringify({ perModelBestPerQ: g }));
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
console.log(JSON.stringify({ options, summary, meanDomainInScope: Math.round((domains.reduce((a, [, v]) => a + v, 0) / domains.length) * 1000) / 1000, bestThreshold: Math.round(bestThreshold * 1000) / 1000, meanOverallAtBest: Math.round(bestAccuracy * 1000) / 1000, trainMs: Math.round(trainMs), trainCpuMs: Math.round(trainCpuMs) }));

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
