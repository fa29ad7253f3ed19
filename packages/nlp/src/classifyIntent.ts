import { analyzeFeatures, weighFeatures } from "./features.ts";
import type { IntentModel } from "./intentModel.ts";
import { wordWeightFor } from "./trainIntentClassifier.ts";
import { embedWords } from "./wordVectors.ts";
import { stemWord } from "./stemWord.ts";

export type RankedIntent = { intent: string; score: number };

export type IntentClassification = {
  /** every intent, best first; score is the raw similarity in [0, 1] */
  ranked: RankedIntent[];
  /** null when the best confidence is below the model's threshold: the intent node's fallback */
  best: { intent: string; confidence: number } | null;
};

type ModelIndex = {
  idfByFeature: Map<string, number>;
  /** feature -> [example, weight, example, weight, ...] */
  postings: Map<string, number[]>;
  /** feature -> [intent, centroid weight, ...] (centroids of unit length) */
  centroidPostings: Map<string, number[]>;
  dimensions: number;
  /** example embeddings one after another (zeros when an example has none) */
  exampleEmbeddingMatrix: Float32Array;
  embeddingCentroids: (Float32Array | null)[];
  /** query word -> [synonym feature, similarity], memoised per model */
  synonyms: Map<string, readonly [string, number] | null>;
  /** training words that have a vector, and their unit vectors one after another */
  expansionWords: string[];
  expansionVectors: Float32Array;
};

const indexes = new WeakMap<IntentModel, ModelIndex>();

const normalizeDense = (v: Float32Array): Float32Array | null => {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum === 0) return null;
  const inverse = 1 / Math.sqrt(sum);
  return v.map((x) => x * inverse);
};

const dotDense = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
};

const indexModel = (model: IntentModel): ModelIndex => {
  const existing = indexes.get(model);
  if (existing !== undefined) return existing;
  const idfByFeature = new Map(model.features.map((f, i) => [f, model.idf[i] ?? 0]));
  const postings = new Map<string, number[]>();
  const lexicalSums = model.intents.map(() => new Map<string, number>());
  const dimensions = model.examples.find((e) => e.embedding !== null)?.embedding?.length ?? 0;
  const embeddingSums = model.intents.map(() => new Float32Array(dimensions));
  const exampleEmbeddings = model.examples.map((example, exampleIndex) => {
    const lexicalSum = lexicalSums[example.intent];
    example.terms.forEach((term, k) => {
      const feature = model.features[term];
      const weight = example.weights[k] ?? 0;
      if (feature === undefined || lexicalSum === undefined) return;
      let list = postings.get(feature);
      if (list === undefined) postings.set(feature, (list = []));
      list.push(exampleIndex, weight);
      lexicalSum.set(feature, (lexicalSum.get(feature) ?? 0) + weight);
    });
    if (example.embedding === null) return null;
    const embedding = Float32Array.from(example.embedding);
    const sum = embeddingSums[example.intent];
    if (sum !== undefined) for (let i = 0; i < dimensions; i++) sum[i] = (sum[i] ?? 0) + (embedding[i] ?? 0);
    return embedding;
  });
  const centroidPostings = new Map<string, number[]>();
  lexicalSums.forEach((sum, intent) => {
    let norm = 0;
    for (const w of sum.values()) norm += w * w;
    const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const [feature, w] of sum) {
      let list = centroidPostings.get(feature);
      if (list === undefined) centroidPostings.set(feature, (list = []));
      list.push(intent, w * inverse);
    }
  });
  const exampleEmbeddingMatrix = new Float32Array(model.examples.length * dimensions);
  exampleEmbeddings.forEach((e, k) => {
    if (e !== null) exampleEmbeddingMatrix.set(e, k * dimensions);
  });
  const expansionWords: string[] = [];
  const expansionRows: Float32Array[] = [];
  if (model.options.isEmbeddingUsed && model.options.expansionThreshold > 0) {
    for (const word of model.words) {
      const vector = embedWords([word]);
      if (vector === null) continue;
      expansionWords.push(word);
      expansionRows.push(vector);
    }
  }
  const expansionVectors = new Float32Array(expansionRows.length * dimensions);
  expansionRows.forEach((row, i) => expansionVectors.set(row, i * dimensions));
  const index: ModelIndex = {
    expansionWords,
    expansionVectors,
    idfByFeature,
    postings,
    centroidPostings,
    dimensions,
    exampleEmbeddingMatrix,
    embeddingCentroids: embeddingSums.map((sum) => (dimensions > 0 ? normalizeDense(sum) : null)),
    synonyms: new Map(),
  };
  indexes.set(model, index);
  return index;
};

/** Adds, for each query word unseen in training, the closest training word as a weighted synonym. */
const expandQuery = (words: readonly string[], counts: Map<string, number>, index: ModelIndex, threshold: number): void => {
  const { expansionWords, expansionVectors } = index;
  const dimensions = expansionVectors.length / expansionWords.length;
  for (const word of words) {
    if (index.idfByFeature.has(`w${stemWord(word)}`)) continue;
    const known = index.synonyms.get(word);
    if (known !== undefined) {
      if (known !== null) counts.set(known[0], (counts.get(known[0]) ?? 0) + known[1]);
      continue;
    }
    if (index.synonyms.size > 50_000) index.synonyms.clear();
    const vector = embedWords([word]);
    if (vector === null) continue;
    let best = -1;
    let bestSimilarity = threshold;
    for (let row = 0; row < expansionWords.length; row++) {
      let dot = 0;
      const offset = row * dimensions;
      for (let i = 0; i < dimensions; i++) dot += (vector[i] ?? 0) * (expansionVectors[offset + i] ?? 0);
      if (dot >= bestSimilarity) [best, bestSimilarity] = [row, dot];
    }
    const synonym = expansionWords[best];
    if (synonym === undefined) {
      index.synonyms.set(word, null);
      continue;
    }
    const feature = `w${stemWord(synonym)}`;
    index.synonyms.set(word, [feature, bestSimilarity]);
    counts.set(feature, (counts.get(feature) ?? 0) + bestSimilarity);
  }
};

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Raw per-intent scores for `text`, in the model's intent order. */
export function scoreIntents(model: IntentModel, text: string): Float64Array {
  const index = indexModel(model);
  const { options } = model;
  const analysis = analyzeFeatures(text, options);
  if (index.expansionWords.length > 0) expandQuery(analysis.contentTokens, analysis.counts, index, options.expansionThreshold);
  const query = weighFeatures(analysis.counts, index.idfByFeature, options);
  const intentCount = model.intents.length;

  const exampleLexical = new Float64Array(model.examples.length);
  for (const [feature, w] of query) {
    const list = index.postings.get(feature);
    if (list === undefined) continue;
    for (let k = 0; k < list.length; k += 2) {
      const example = list[k] ?? 0;
      exampleLexical[example] = (exampleLexical[example] ?? 0) + w * (list[k + 1] ?? 0);
    }
  }
  const queryEmbedding = options.isEmbeddingUsed
    ? embedWords(analysis.contentTokens, (word) => wordWeightFor(word, index.idfByFeature, model.documentCount))
    : null;

  const lexicalCentroid = new Float64Array(intentCount);
  for (const [feature, w] of query) {
    const list = index.centroidPostings.get(feature);
    if (list === undefined) continue;
    for (let k = 0; k < list.length; k += 2) {
      const intent = list[k] ?? 0;
      lexicalCentroid[intent] = (lexicalCentroid[intent] ?? 0) + w * (list[k + 1] ?? 0);
    }
  }
  const lexicalNearest = new Float64Array(intentCount);
  const embeddingNearest = new Float64Array(intentCount);
  const { dimensions, exampleEmbeddingMatrix: matrix } = index;
  model.examples.forEach((example, k) => {
    const i = example.intent;
    lexicalNearest[i] = Math.max(lexicalNearest[i] ?? 0, exampleLexical[k] ?? 0);
    if (queryEmbedding === null) return;
    let dot = 0;
    const offset = k * dimensions;
    for (let d = 0; d < dimensions; d++) dot += (queryEmbedding[d] ?? 0) * (matrix[offset + d] ?? 0);
    embeddingNearest[i] = Math.max(embeddingNearest[i] ?? 0, dot);
  });

  const scores = new Float64Array(intentCount);
  for (let i = 0; i < intentCount; i++) {
    const embeddingCentroidVector = index.embeddingCentroids[i];
    const embeddingCentroid =
      queryEmbedding !== null && embeddingCentroidVector != null ? Math.max(0, dotDense(queryEmbedding, embeddingCentroidVector)) : 0;
    scores[i] =
      options.lexicalCentroidWeight * (lexicalCentroid[i] ?? 0) +
      options.lexicalNearestWeight * (lexicalNearest[i] ?? 0) +
      options.embeddingCentroidWeight * embeddingCentroid +
      options.embeddingNearestWeight * (embeddingNearest[i] ?? 0);
  }
  return scores;
}

/**
 * Ranks the model's intents for `text` and picks the best one when its
 * calibrated confidence reaches the model's threshold.
 */
export function classifyIntent(model: IntentModel, text: string): IntentClassification {
  const scores = scoreIntents(model, text);
  const ranked = model.intents
    .map((intent, i) => ({ intent, score: scores[i] ?? 0 }))
    .sort((a, b) => b.score - a.score || (a.intent < b.intent ? -1 : 1));
  const [first] = ranked;
  if (first === undefined || first.score <= 0) return { ranked, best: null };
  const { slope, center, threshold } = model.calibration;
  const confidence = sigmoid(slope * (first.score - center));
  return { ranked, best: confidence >= threshold ? { intent: first.intent, confidence } : null };
}
