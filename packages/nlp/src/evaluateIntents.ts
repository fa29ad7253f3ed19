import { classifyIntent } from "./classifyIntent.ts";
import { encodeExamples, encodeQuery, type SentenceEncoder } from "./sentenceEncoder.ts";
import { trainIntentClassifier } from "./trainIntentClassifier.ts";

/** An intent eval set as in shared/eval/README.md; `intent: null` means out of scope. */
export type IntentEvalSet = {
  name: string;
  intents: Record<string, readonly string[]>;
  test: readonly { text: string; intent: string | null }[];
};

export type IntentEvalMetrics = {
  name: string;
  intents: number;
  trainingExamples: number;
  inScopeCount: number;
  outOfScopeCount: number;
  /** in-scope utterances whose predicted intent is the right one (a fallback counts as wrong) */
  inScopeAccuracy: number;
  /** in-scope utterances whose top-ranked intent is right, ignoring the threshold */
  inScopeTop1Accuracy: number;
  /** out-of-scope utterances that fell back; null when the set has none */
  outOfScopeRecall: number | null;
  /** all utterances, out of scope counted as a class */
  accuracy: number;
  /** the sentence encoder the model scored with beside the words, or null (words alone) */
  encoder: string | null;
  /** includes encoding the examples */
  trainMs: number;
  /** the first classification, which indexes the model */
  firstClassifyMs: number;
  classifyMsMean: number;
  classifyMsP99: number;
};

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

export type EvaluateIntentsOptions = {
  /** scores sentences beside the words, as the runtime does with SENTENCE_ENCODER (default: words alone) */
  encoder?: SentenceEncoder | null;
  /** milliseconds, injected so timings stay out of the decisions and tests can pin them */
  now?: () => number;
};

/**
 * Trains on `set.intents`, classifies every `set.test` utterance and scores
 * the answers. With an encoder the examples are encoded as part of training
 * and each utterance alone as part of its classification, as in a turn.
 */
export async function evaluateIntents(set: IntentEvalSet, options: EvaluateIntentsOptions = {}): Promise<IntentEvalMetrics> {
  const now = options.now ?? (() => performance.now());
  const encoder = options.encoder ?? null;
  const trainStart = now();
  const definitions = Object.entries(set.intents).map(([name, examples]) => ({ name, examples }));
  const model = trainIntentClassifier({ intents: definitions, ...(encoder === null ? {} : { sentenceVectors: await encodeExamples(encoder, definitions) }) });
  const trainMs = now() - trainStart;
  // The first classification indexes the model (and decodes the word
  // vectors once per process); timed apart from the per-utterance cost.
  const indexStart = now();
  classifyIntent(model, "");
  const firstClassifyMs = now() - indexStart;

  let inScopeCount = 0;
  let inScopeCorrect = 0;
  let inScopeTop1Correct = 0;
  let outOfScopeCount = 0;
  let outOfScopeCorrect = 0;
  const durations: number[] = [];
  for (const item of set.test) {
    const start = now();
    const result = classifyIntent(model, item.text, await encodeQuery(model, encoder, item.text));
    durations.push(now() - start);
    if (item.intent === null) {
      outOfScopeCount++;
      if (result.best === null) outOfScopeCorrect++;
    } else {
      inScopeCount++;
      if (result.best?.intent === item.intent) inScopeCorrect++;
      if (result.ranked[0]?.intent === item.intent) inScopeTop1Correct++;
    }
  }
  durations.sort((a, b) => a - b);
  const total = inScopeCount + outOfScopeCount;
  return {
    name: set.name,
    intents: Object.keys(set.intents).length,
    trainingExamples: Object.values(set.intents).reduce((sum, examples) => sum + examples.length, 0),
    inScopeCount,
    outOfScopeCount,
    inScopeAccuracy: round(inScopeCount > 0 ? inScopeCorrect / inScopeCount : 0),
    inScopeTop1Accuracy: round(inScopeCount > 0 ? inScopeTop1Correct / inScopeCount : 0),
    outOfScopeRecall: outOfScopeCount > 0 ? round(outOfScopeCorrect / outOfScopeCount) : null,
    accuracy: round(total > 0 ? (inScopeCorrect + outOfScopeCorrect) / total : 0),
    encoder: encoder?.name ?? null,
    trainMs: round(trainMs, 1),
    firstClassifyMs: round(firstClassifyMs, 1),
    classifyMsMean: round(durations.length > 0 ? durations.reduce((a, b) => a + b, 0) / durations.length : 0, 3),
    classifyMsP99: round(durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.99))] ?? 0, 3),
  };
}
