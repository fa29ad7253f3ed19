import { scoreQueryParts, type QueryParts } from "./classifyIntent.ts";
import type { IntentModel } from "./intentModel.ts";

export type LeaveOneOutScore = { intent: number; top: number; second: number; isCorrect: boolean };

/**
 * Scores training examples against the model without them (their own
 * intent's centroids recomputed without them, and they are not their own
 * nearest example). At most `limit` examples, taken round-robin over the
 * intents (first example of each intent, then the second, ...): deterministic
 * and bounded for big bots.
 */
export function leaveOneOutScores(model: IntentModel, limit = 400): LeaveOneOutScore[] {
  const byIntent = model.intents.map(() => [] as number[]);
  model.examples.forEach((e, k) => byIntent[e.intent]?.push(k));
  const chosen: number[] = [];
  for (let round = 0; chosen.length < limit; round++) {
    let isAny = false;
    for (const list of byIntent) {
      const k = list[round];
      if (k === undefined || (list.length < 2)) continue;
      isAny = true;
      if (chosen.length < limit) chosen.push(k);
    }
    if (!isAny) break;
  }
  const words = model.words;
  return chosen.map((k) => {
    const example = model.examples[k];
    if (example === undefined) throw new Error("unreachable");
    const parts: QueryParts = {
      vector: new Map(example.terms.map((t, i) => [model.features[t] ?? "", example.weights[i] ?? 0])),
      embedding: example.embedding === null ? null : Float32Array.from(example.embedding),
      words: (example.words ?? []).map((w) => words[w] ?? ""),
      sentence: model.sentence?.vectors[k] == null ? null : Float32Array.from(model.sentence.vectors[k]),
    };
    const scores = scoreQueryParts(model, parts, k);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if ((scores[i] ?? 0) > (scores[best] ?? 0)) best = i;
    let second = 0;
    scores.forEach((s, i) => {
      if (i !== best) second = Math.max(second, s);
    });
    return { intent: example.intent, top: scores[best] ?? 0, second, isCorrect: best === example.intent };
  });
}

/** The q-quantile (linear interpolation) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (position - low);
}
