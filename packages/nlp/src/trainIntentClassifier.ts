import { analyzeFeatures, inverseDocumentFrequency, weighFeatures, wordWeightFor } from "./features.ts";

export { inverseDocumentFrequency, wordWeightFor };
import type { Calibration, ClassifierOptions, IntentModel, IntentModelExample } from "./intentModel.ts";
import type { Language } from "./stopWords.ts";
import { embedWords, firstPrincipalComponent, getWordVectors, removeComponent, smoothInverseFrequency } from "./wordVectors.ts";
import { leaveOneOutScores, quantile } from "./calibrateIntentModel.ts";
import { prepareIntentModel } from "./classifyIntent.ts";
import { toUnitVector, type SentenceVectors } from "./sentenceEncoder.ts";

export type { SentenceVectors };

export type IntentDefinition = { name: string; examples: readonly string[] };

export type TrainIntentClassifierInput = {
  intents: readonly IntentDefinition[];
  /** examples' sentence vectors (English): scored beside the words when given */
  sentenceVectors?: SentenceVectors;
  language?: Language;
  /** for experiments; the defaults are what the eval sets chose */
  options?: Partial<ClassifierOptions>;
  calibration?: Partial<Calibration>;
};

export const defaultClassifierOptions: ClassifierOptions = {
  language: "en",
  wordWeight: 1,
  bigramWeight: 0.5,
  charWeight: 1,
  charMin: 2,
  charMax: 4,
  isEmbeddingUsed: true,
  isIdfPerIntent: true,
  expansionThreshold: 0.5,
  lexicalCentroidWeight: 0.3,
  lexicalNearestWeight: 0.3,
  embeddingCentroidWeight: 0.2,
  embeddingNearestWeight: 0.2,
  alignmentWeight: 0,
  alignmentFloor: 0.3,
  sifSmoothing: 0,
  isCommonComponentRemoved: true,
  calibrationQuantile: 0,
  calibrationOffset: 0,
  regressionWeight: 0.5,
  regressionEpochs: 3,
  regressionL2: 1e-4,
  regressionLearningRate: 1.5,
  regressionEmbeddingScale: 1,
  regressionInitialScale: 0,
  regressionCandidates: 20,
  sentenceWeight: 0.7,
  regressionSentenceScale: 1,
};

// Fitted on the dev sets by packages/nlp/scripts/experiment.ts: center is the
// single raw-score threshold that maximises overall accuracy (out of scope as
// a class) averaged over the sets with out-of-scope utterances; slope is a
// logistic fit of "right and in scope" on those sets. See EVAL.md.
export const defaultCalibration: Calibration = { slope: 11.52, center: 0.37, threshold: 0.5 };
/** the same fit for models without word vectors (languages other than English) */
export const defaultLexicalCalibration: Calibration = { slope: 10.99, center: 0.385, threshold: 0.5 };
/** the same fit for models with sentence vectors (queries scored with the encoder) */
export const defaultSentenceCalibration: Calibration = { slope: 14.49, center: 0.51, threshold: 0.5 };


const round = (x: number): number => Math.round(x * 1e5) / 1e5;


/**
 * Trains the local intent classifier from an owner's example utterances.
 * Deterministic; 150 intents x 10 examples in about 1-1.5 s on a busy 2-core machine (see EVAL.md), plus ~0.1 s to decode the vectors once.
 */
export function trainIntentClassifier(input: TrainIntentClassifierInput): IntentModel {
  const language = input.language ?? "en";
  const options: ClassifierOptions = { ...defaultClassifierOptions, ...input.options, language };
  const isEmbeddingUsed = options.isEmbeddingUsed && language === "en";
  if (!isEmbeddingUsed) {
    // keep scores on the same scale as with vectors, so one calibration fits both
    const lexicalWeight = options.lexicalCentroidWeight + options.lexicalNearestWeight;
    const total = lexicalWeight + options.embeddingCentroidWeight + options.embeddingNearestWeight;
    if (lexicalWeight > 0) {
      options.lexicalCentroidWeight *= total / lexicalWeight;
      options.lexicalNearestWeight *= total / lexicalWeight;
    }
    options.embeddingCentroidWeight = 0;
    options.embeddingNearestWeight = 0;
  }
  const intents = input.intents.map((i) => i.name);
  if (new Set(intents).size !== intents.length) throw new Error("Two intents have the same name; give each intent a distinct name.");

  const analysed = input.intents.flatMap((intent, intentIndex) =>
    intent.examples.filter((e) => e.trim() !== "").map((text) => ({ intent: intentIndex, text, ...analyzeFeatures(text, options) })),
  );
  const documentFrequency = new Map<string, number>();
  // A "document" is an intent (all its examples) or one example.
  const seen = new Set<string>();
  for (const { counts, intent } of analysed) {
    for (const feature of counts.keys()) {
      const key = options.isIdfPerIntent ? `${intent}\u0000${feature}` : "";
      if (key !== "" && seen.has(key)) continue;
      seen.add(key);
      documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
  }
  const documentCount = options.isIdfPerIntent ? intents.length : analysed.length;
  const features = [...documentFrequency.keys()].sort();
  const featureIndex = new Map(features.map((f, i) => [f, i]));
  const idfByFeature = new Map(features.map((f) => [f, inverseDocumentFrequency(documentFrequency.get(f) ?? 0, documentCount)]));

  const sif = options.sifSmoothing ?? 0;
  const embeddingWeight = (word: string): number =>
    wordWeightFor(word, idfByFeature, documentCount) * (sif > 0 ? smoothInverseFrequency(word, sif) : 1);
  if (isEmbeddingUsed) getWordVectors();

  const words = [...new Set(analysed.flatMap((a) => a.contentTokens))].sort();
  const wordIndex = new Map(words.map((w, i) => [w, i]));
  const rawEmbeddings = analysed.map(({ contentTokens }) => (isEmbeddingUsed ? embedWords(contentTokens, embeddingWeight) : null));
  const commonComponent =
    isEmbeddingUsed && options.isCommonComponentRemoved === true
      ? firstPrincipalComponent(rawEmbeddings.filter((e): e is Float32Array => e !== null))
      : null;
  const examples: IntentModelExample[] = analysed.map(({ intent, counts, contentTokens }, k) => {
    const weighted = [...weighFeatures(counts, idfByFeature, options)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const raw = rawEmbeddings[k] ?? null;
    const embedding = raw === null ? null : removeComponent(raw, commonComponent);
    return {
      intent,
      terms: weighted.map(([f]) => featureIndex.get(f) ?? -1),
      weights: weighted.map(([, w]) => round(w)),
      embedding: embedding === null ? null : Array.from(embedding, round),
      ...((options.alignmentWeight ?? 0) > 0 ? { words: [...new Set(contentTokens)].map((w) => wordIndex.get(w) ?? -1) } : {}),
    };
  });

  const sentenceVectors = input.sentenceVectors;
  const sentence =
    sentenceVectors === undefined || (options.sentenceWeight ?? 0) <= 0
      ? null
      : {
          encoder: sentenceVectors.encoder,
          vectors: analysed.map(({ text }) => {
            const unit = toUnitVector(sentenceVectors.vectorOf(text));
            return unit === null ? null : Array.from(unit, round);
          }),
        };
  const hasSentence = sentence !== null && sentence.vectors.some((v) => v !== null);
  const wordCalibration = { ...(isEmbeddingUsed ? defaultCalibration : defaultLexicalCalibration), ...input.calibration };
  const model: IntentModel = {
    format: "chatwright.intent-model",
    version: 1,
    language,
    options: { ...options, isEmbeddingUsed },
    calibration: hasSentence ? { ...defaultSentenceCalibration, ...input.calibration } : wordCalibration,
    intents,
    features,
    idf: features.map((f) => round(idfByFeature.get(f) ?? 0)),
    documentCount,
    examples,
    words,
    ...(commonComponent === null ? {} : { commonComponent: Array.from(commonComponent, round) }),
    ...(hasSentence && sentence !== null ? { sentence: { ...sentence, wordCalibration } } : {}),
  };
  const q = options.calibrationQuantile ?? 0;
  if (q > 0 && input.calibration?.center === undefined) {
    const tops = leaveOneOutScores(model).map((s) => s.top);
    if (tops.length >= 2) model.calibration.center = round(quantile(tops, q) - (options.calibrationOffset ?? 0));
  }
  // train the regression now (when the owner saves), not on the first message
  if ((options.regressionWeight ?? 0) > 0) prepareIntentModel(model);
  return model;
}
