import { analyzeFeatures, weighFeatures, wordWeightFor, type SparseVector } from "./features.ts";
import type { Calibration, IntentModel } from "./intentModel.ts";
import { toUnitVector } from "./sentenceEncoder.ts";
import { embedWords, getWordVectors, removeComponent, smoothInverseFrequency } from "./wordVectors.ts";
import { stemWord } from "./stemWord.ts";
import { softmaxProbabilities, trainSoftmaxRegression, type SoftmaxRegression, type SparseRow } from "./softmaxRegression.ts";

export type RankedIntent = { intent: string; score: number };

export type IntentClassification = {
  /** every intent, best first; score is the raw similarity in [0, 1] */
  ranked: RankedIntent[];
  /** null when the best confidence is below the model's threshold: the intent node's fallback */
  best: { intent: string; confidence: number } | null;
  /** the calibration these scores are on (with or without the sentence vector): confidence = sigmoid(slope · (score − center)) */
  calibration: Calibration;
};

type ModelIndex = {
  idfByFeature: Map<string, number>;
  /** feature -> [example, weight, example, weight, ...] */
  postings: Map<string, number[]>;
  /** feature -> [intent, centroid weight, ...] (centroids of unit length) */
  centroidPostings: Map<string, number[]>;
  /** length of each intent's lexical sum before normalising (for leave-one-out) */
  lexicalCentroidNorms: Float64Array;
  dimensions: number;
  /** example embeddings one after another (zeros when an example has none) */
  exampleEmbeddingMatrix: Float32Array;
  embeddingCentroids: (Float32Array | null)[];
  embeddingCentroidNorms: Float64Array;
  /** query word -> [synonym feature, similarity], memoised per model */
  synonyms: Map<string, readonly [string, number] | null>;
  /** training words that have a vector, and their unit vectors one after another */
  expansionWords: string[];
  expansionVectors: Float32Array;
  /** soft alignment: per training word (model.words) its stem, weight and vector row (-1 none) */
  alignment: {
    stems: string[];
    weights: Float64Array;
    vectors: Float32Array;
    hasVector: Uint8Array;
    /** per example: its word indices and their total weight */
    exampleWords: number[][];
    exampleWeightSums: Float64Array;
  } | null;
  /** the logistic regression over lexical features (indices of model.features), then the embedding, then the sentence vector */
  regression: { model: SoftmaxRegression; featureIndex: Map<string, number>; embeddingScale: number; sentenceScale: number } | null;
  /** the examples' sentence vectors one after another, and each intent's unit centroid of them */
  sentence: { dimensions: number; matrix: Float32Array; centroids: (Float32Array | null)[]; centroidNorms: Float64Array } | null;
};

/** A query (or a training example left out) ready to score. */
export type QueryParts = {
  vector: SparseVector;
  embedding: Float32Array | null;
  words: readonly string[];
  /** the query's sentence vector (unit length) from the model's encoder, when it has one */
  sentence?: Float32Array | null;
};

/**
 * The query's cosine to a centroid after taking the query itself out of it
 * (the query is one of its examples, for leave-one-out scoring):
 * q·(s − x) / |s − x| with |s − x|² = |s|² − 2 x·s + |x|² and q = x.
 * `cosine` is q·s / |s|, `norm` |s|, `self` q·x; never below 0.
 */
const leaveOutCosine = (cosine: number, norm: number, self: number): number => {
  const dot = cosine * norm;
  const rest = norm * norm - 2 * dot + self;
  return rest > 1e-9 ? Math.max(0, (dot - self) / Math.sqrt(rest)) : 0;
};

/** Per example its sentence vector in one matrix, and per intent the unit centroid (null without sentence vectors). */
const indexSentences = (model: IntentModel): ModelIndex["sentence"] => {
  const vectors = model.sentence?.vectors;
  const dimensions = vectors?.find((v) => v !== null)?.length ?? 0;
  if (vectors === undefined || dimensions === 0) return null;
  const matrix = new Float32Array(model.examples.length * dimensions);
  const sums = model.intents.map(() => new Float64Array(dimensions));
  model.examples.forEach((example, k) => {
    const vector = vectors[k];
    if (vector == null || vector.length !== dimensions) return;
    matrix.set(vector, k * dimensions);
    const sum = sums[example.intent];
    if (sum !== undefined) for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] ?? 0) + (vector[d] ?? 0);
  });
  const centroidNorms = new Float64Array(model.intents.length);
  const centroids = sums.map((sum, intent) => {
    let norm = 0;
    for (const x of sum) norm += x * x;
    centroidNorms[intent] = Math.sqrt(norm);
    return norm > 0 ? Float32Array.from(sum, (x) => x / Math.sqrt(norm)) : null;
  });
  return { dimensions, matrix, centroids, centroidNorms };
};

const indexes = new WeakMap<IntentModel, ModelIndex>();

const dotDense = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
};

/** Embedding weight of a word: IDF, times SIF when the model uses it. */
export const embeddingWeight = (model: IntentModel, idfByFeature: ReadonlyMap<string, number>) => {
  const a = model.options.sifSmoothing ?? 0;
  return (word: string): number => wordWeightFor(word, idfByFeature, model.documentCount) * (a > 0 ? smoothInverseFrequency(word, a) : 1);
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
  const lexicalCentroidNorms = new Float64Array(model.intents.length);
  lexicalSums.forEach((sum, intent) => {
    let norm = 0;
    for (const w of sum.values()) norm += w * w;
    lexicalCentroidNorms[intent] = Math.sqrt(norm);
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
  const embeddingCentroidNorms = new Float64Array(model.intents.length);
  const embeddingCentroids = embeddingSums.map((sum, intent) => {
    if (dimensions === 0) return null;
    let norm = 0;
    for (const x of sum) norm += x * x;
    embeddingCentroidNorms[intent] = Math.sqrt(norm);
    if (norm === 0) return null;
    const inverse = 1 / Math.sqrt(norm);
    return sum.map((x) => x * inverse);
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

  let alignment: ModelIndex["alignment"] = null;
  if ((model.options.alignmentWeight ?? 0) > 0) {
    const vectorDimensions = model.options.isEmbeddingUsed ? getWordVectors().dimensions : 0;
    const weightOf = (word: string) => wordWeightFor(word, idfByFeature, model.documentCount);
    const vectors = new Float32Array(model.words.length * vectorDimensions);
    const hasVector = new Uint8Array(model.words.length);
    model.words.forEach((word, i) => {
      const vector = vectorDimensions > 0 ? embedWords([word]) : null;
      if (vector === null) return;
      vectors.set(vector, i * vectorDimensions);
      hasVector[i] = 1;
    });
    const weights = Float64Array.from(model.words, weightOf);
    const exampleWords = model.examples.map((e) => e.words ?? []);
    alignment = {
      stems: model.words.map(stemWord),
      weights,
      vectors,
      hasVector,
      exampleWords,
      exampleWeightSums: Float64Array.from(exampleWords, (ws) => ws.reduce((sum, w) => sum + (weights[w] ?? 0), 0)),
    };
  }

  const sentence = indexSentences(model);
  const index: ModelIndex = {
    sentence,
    regression: trainRegression(model, dimensions, sentence?.dimensions ?? 0),
    expansionWords,
    expansionVectors,
    idfByFeature,
    postings,
    centroidPostings,
    lexicalCentroidNorms,
    dimensions,
    exampleEmbeddingMatrix,
    embeddingCentroids,
    embeddingCentroidNorms,
    synonyms: new Map(),
    alignment,
  };
  indexes.set(model, index);
  return index;
};

/** A dense block of the regression's features, from `offset` on, scaled. */
type DenseBlock = { vector: ArrayLike<number> | null; offset: number; scale: number };

/** Regression features of an example or query: lexical terms, then the embedding's and the sentence vector's components. */
const regressionRow = (terms: readonly number[], weights: readonly number[], blocks: readonly DenseBlock[]): SparseRow => {
  const indices = [...terms];
  const values = [...weights];
  for (const { vector, offset, scale } of blocks) {
    if (vector === null || scale <= 0) continue;
    for (let d = 0; d < vector.length; d++) {
      indices.push(offset + d);
      values.push((vector[d] ?? 0) * scale);
    }
  }
  return { indices, values };
};

const trainRegression = (model: IntentModel, dimensions: number, sentenceDimensions: number): ModelIndex["regression"] => {
  const { options } = model;
  if ((options.regressionWeight ?? 0) <= 0 || model.intents.length < 2) return null;
  const embeddingScale = options.regressionEmbeddingScale ?? 1;
  const sentenceScale = sentenceDimensions > 0 ? (options.regressionSentenceScale ?? 0) : 0;
  const featureCount = model.features.length;
  const rows = model.examples.map((e, k) =>
    regressionRow(e.terms, e.weights, [
      { vector: e.embedding, offset: featureCount, scale: embeddingScale },
      { vector: model.sentence?.vectors[k] ?? null, offset: featureCount + dimensions, scale: sentenceScale },
    ]),
  );
  const labels = model.examples.map((e) => e.intent);
  const regression = trainSoftmaxRegression(
    rows,
    labels,
    model.intents.length,
    featureCount + dimensions + (sentenceScale > 0 ? sentenceDimensions : 0),
    {
      ...(options.regressionEpochs === undefined ? {} : { epochs: options.regressionEpochs }),
      ...(options.regressionL2 === undefined ? {} : { l2: options.regressionL2 }),
      ...(options.regressionLearningRate === undefined ? {} : { learningRate: options.regressionLearningRate }),
      ...(options.regressionInitialScale === undefined ? {} : { initialScale: options.regressionInitialScale }),
      ...(options.regressionCandidates === undefined ? {} : { candidateCount: options.regressionCandidates }),
    },
  );
  return { model: regression, featureIndex: new Map(model.features.map((f, i) => [f, i])), embeddingScale, sentenceScale };
};

/** Indexes the model now (and trains its regression) rather than on the first classification. */
export function prepareIntentModel(model: IntentModel): void {
  indexModel(model);
}

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

/**
 * Analyses `text` the way the model's examples were: weighted features,
 * embedding, content words, and the sentence vector the caller encoded.
 */
export function queryParts(model: IntentModel, text: string, sentenceVector?: ArrayLike<number> | null): QueryParts {
  const index = indexModel(model);
  const { options } = model;
  const analysis = analyzeFeatures(text, options);
  if (index.expansionWords.length > 0) expandQuery(analysis.contentTokens, analysis.counts, index, options.expansionThreshold);
  const vector = weighFeatures(analysis.counts, index.idfByFeature, options);
  const raw = options.isEmbeddingUsed ? embedWords(analysis.contentTokens, embeddingWeight(model, index.idfByFeature)) : null;
  const embedding = raw === null ? null : removeComponent(raw, model.commonComponent ?? null);
  const sentence = index.sentence === null ? null : toUnitVector(sentenceVector);
  return { vector, embedding, words: analysis.contentTokens, sentence: sentence?.length === index.sentence?.dimensions ? sentence : null };
}

/**
 * Soft alignment of the query words with each example's words, per intent
 * the best example: mean of the IDF-weighted recall (query words matched)
 * and precision (example words matched).
 */
const alignmentScores = (model: IntentModel, index: ModelIndex, words: readonly string[], exclude: number): Float64Array => {
  const scores = new Float64Array(model.intents.length);
  const alignment = index.alignment;
  if (alignment === null || words.length === 0) return scores;
  const floor = model.options.alignmentFloor ?? 0.3;
  const vocabularySize = model.words.length;
  const dimensions = alignment.vectors.length / Math.max(1, vocabularySize);
  const weightOf = (word: string) => wordWeightFor(word, index.idfByFeature, model.documentCount);
  // similarity of each query word to each training word
  const similarities = words.map((word) => {
    const row = new Float32Array(vocabularySize);
    const stem = stemWord(word);
    const vector = dimensions > 0 ? embedWords([word]) : null;
    for (let j = 0; j < vocabularySize; j++) {
      if (alignment.stems[j] === stem) {
        row[j] = 1;
        continue;
      }
      if (vector === null || alignment.hasVector[j] === 0) continue;
      let dot = 0;
      const offset = j * dimensions;
      for (let d = 0; d < dimensions; d++) dot += (vector[d] ?? 0) * (alignment.vectors[offset + d] ?? 0);
      if (dot > floor) row[j] = (dot - floor) / (1 - floor);
    }
    return row;
  });
  const queryWeights = words.map(weightOf);
  const queryWeightSum = queryWeights.reduce((a, b) => a + b, 0);
  model.examples.forEach((example, k) => {
    if (k === exclude) return;
    const exampleWords = alignment.exampleWords[k] ?? [];
    if (exampleWords.length === 0) return;
    let recall = 0;
    similarities.forEach((row, q) => {
      let best = 0;
      for (const j of exampleWords) best = Math.max(best, row[j] ?? 0);
      recall += (queryWeights[q] ?? 0) * best;
    });
    let precision = 0;
    for (const j of exampleWords) {
      let best = 0;
      for (const row of similarities) best = Math.max(best, row[j] ?? 0);
      precision += (alignment.weights[j] ?? 0) * best;
    }
    const score = 0.5 * (recall / queryWeightSum + precision / (alignment.exampleWeightSums[k] ?? 1));
    scores[example.intent] = Math.max(scores[example.intent] ?? 0, score);
  });
  return scores;
};

/**
 * Raw per-intent scores of an analysed query, in the model's intent order.
 * `exclude` leaves one training example out (the query is that example):
 * used to calibrate the model on its own examples.
 */
export function scoreQueryParts(model: IntentModel, parts: QueryParts, exclude = -1): Float64Array {
  const index = indexModel(model);
  const { options } = model;
  const { vector: query, embedding: queryEmbedding } = parts;
  const intentCount = model.intents.length;
  const excludedIntent = model.examples[exclude]?.intent ?? -1;

  const exampleLexical = new Float64Array(model.examples.length);
  for (const [feature, w] of query) {
    const list = index.postings.get(feature);
    if (list === undefined) continue;
    for (let k = 0; k < list.length; k += 2) {
      const example = list[k] ?? 0;
      exampleLexical[example] = (exampleLexical[example] ?? 0) + w * (list[k + 1] ?? 0);
    }
  }
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
  const exampleEmbedding = new Float64Array(model.examples.length);
  const { dimensions, exampleEmbeddingMatrix: matrix } = index;
  model.examples.forEach((example, k) => {
    const i = example.intent;
    let dot = 0;
    if (queryEmbedding !== null) {
      const offset = k * dimensions;
      for (let d = 0; d < dimensions; d++) dot += (queryEmbedding[d] ?? 0) * (matrix[offset + d] ?? 0);
      exampleEmbedding[k] = dot;
    }
    if (k === exclude) return;
    lexicalNearest[i] = Math.max(lexicalNearest[i] ?? 0, exampleLexical[k] ?? 0);
    if (queryEmbedding !== null) embeddingNearest[i] = Math.max(embeddingNearest[i] ?? 0, dot);
  });
  const embeddingCentroid = new Float64Array(intentCount);
  for (let i = 0; i < intentCount; i++) {
    const centroid = index.embeddingCentroids[i];
    if (queryEmbedding !== null && centroid != null) embeddingCentroid[i] = Math.max(0, dotDense(queryEmbedding, centroid));
  }
  if (excludedIntent >= 0) {
    // the query is example `exclude`: its intent's centroids without it
    const i = excludedIntent;
    lexicalCentroid[i] = leaveOutCosine(lexicalCentroid[i] ?? 0, index.lexicalCentroidNorms[i] ?? 0, exampleLexical[exclude] ?? 0);
    if (queryEmbedding !== null) {
      const centroid = index.embeddingCentroids[i];
      const cosine = centroid == null ? 0 : dotDense(queryEmbedding, centroid);
      embeddingCentroid[i] = leaveOutCosine(cosine, index.embeddingCentroidNorms[i] ?? 0, exampleEmbedding[exclude] ?? 0);
    }
  }
  const alignmentWeight = options.alignmentWeight ?? 0;
  const alignment = alignmentWeight > 0 ? alignmentScores(model, index, parts.words, exclude) : null;

  const sentence = sentenceScores(index, parts.sentence ?? null, model, exclude);

  let relative: Float64Array | null = null;
  if (index.regression !== null) {
    const { model: regression, featureIndex, embeddingScale, sentenceScale } = index.regression;
    const terms: number[] = [];
    const weights: number[] = [];
    for (const [feature, w] of query) {
      const term = featureIndex.get(feature);
      if (term === undefined) continue;
      terms.push(term);
      weights.push(w);
    }
    relative = softmaxProbabilities(
      regression,
      regressionRow(terms, weights, [
        { vector: queryEmbedding, offset: model.features.length, scale: embeddingScale },
        { vector: parts.sentence ?? null, offset: model.features.length + dimensions, scale: sentenceScale },
      ]),
    );
    let max = 0;
    for (const p of relative) max = Math.max(max, p);
    const power = options.regressionWeight ?? 0;
    for (let i = 0; i < intentCount; i++) relative[i] = max > 0 ? ((relative[i] ?? 0) / max) ** power : 1;
  }

  const sentenceWeight = options.sentenceWeight ?? 0;
  const scores = new Float64Array(intentCount);
  for (let i = 0; i < intentCount; i++) {
    scores[i] =
      options.lexicalCentroidWeight * (lexicalCentroid[i] ?? 0) +
      options.lexicalNearestWeight * (lexicalNearest[i] ?? 0) +
      options.embeddingCentroidWeight * (embeddingCentroid[i] ?? 0) +
      options.embeddingNearestWeight * (embeddingNearest[i] ?? 0) +
      alignmentWeight * (alignment?.[i] ?? 0);
    if (relative !== null) scores[i] = (scores[i] ?? 0) * (relative[i] ?? 1);
    // the sentence encoder's score is mixed in after the regression re-ranked the word score (EVAL.md, round 4)
    if (sentence !== null) scores[i] = (1 - sentenceWeight) * (scores[i] ?? 0) + sentenceWeight * (sentence[i] ?? 0);
  }
  return scores;
}

/**
 * Per intent, the mean of the query's sentence cosine to the intent's
 * centroid and to its nearest example (negative cosines count as 0); null
 * when the model or the query has no sentence vector. `exclude` leaves one
 * example out, as in `scoreQueryParts`.
 */
const sentenceScores = (index: ModelIndex, query: Float32Array | null, model: IntentModel, exclude: number): Float64Array | null => {
  const sentence = index.sentence;
  if (sentence === null || query === null || query.length !== sentence.dimensions) return null;
  const { dimensions, matrix, centroids, centroidNorms } = sentence;
  const intentCount = model.intents.length;
  const nearest = new Float64Array(intentCount);
  let selfDot = 0;
  model.examples.forEach((example, k) => {
    let dot = 0;
    const offset = k * dimensions;
    for (let d = 0; d < dimensions; d++) dot += (query[d] ?? 0) * (matrix[offset + d] ?? 0);
    if (k === exclude) {
      selfDot = dot;
      return;
    }
    nearest[example.intent] = Math.max(nearest[example.intent] ?? 0, dot);
  });
  const excludedIntent = model.examples[exclude]?.intent ?? -1;
  const scores = new Float64Array(intentCount);
  for (let i = 0; i < intentCount; i++) {
    const centroid = centroids[i];
    const cosine = centroid == null ? 0 : dotDense(query, centroid);
    const centroidCosine = i === excludedIntent ? leaveOutCosine(cosine, centroidNorms[i] ?? 0, selfDot) : Math.max(0, cosine);
    scores[i] = 0.5 * centroidCosine + 0.5 * (nearest[i] ?? 0);
  }
  return scores;
};

/**
 * Raw per-intent scores for `text`, in the model's intent order;
 * `sentenceVector` is the text's vector from the model's sentence encoder.
 */
export function scoreIntents(model: IntentModel, text: string, sentenceVector?: ArrayLike<number> | null): Float64Array {
  return scoreQueryParts(model, queryParts(model, text, sentenceVector));
}

/**
 * The calibration for a query: the model's own, or its words-only one when
 * the model has sentence vectors but the query came without its vector.
 */
const calibrationFor = (model: IntentModel, hasSentenceVector: boolean): Calibration =>
  model.sentence != null && !hasSentenceVector ? model.sentence.wordCalibration : model.calibration;

/**
 * Ranks the model's intents for `text` and picks the best one when its
 * calibrated confidence reaches the model's threshold. `sentenceVector`:
 * the text encoded by the model's sentence encoder (`model.sentence.encoder`),
 * when the model has one; without it the words alone decide.
 */
export function classifyIntent(model: IntentModel, text: string, sentenceVector?: ArrayLike<number> | null): IntentClassification {
  const parts = queryParts(model, text, sentenceVector);
  const scores = scoreQueryParts(model, parts);
  const ranked = model.intents
    .map((intent, i) => ({ intent, score: scores[i] ?? 0 }))
    .sort((a, b) => b.score - a.score || (a.intent < b.intent ? -1 : 1));
  const [first] = ranked;
  const calibration = calibrationFor(model, parts.sentence != null);
  if (first === undefined || first.score <= 0) return { ranked, best: null, calibration };
  const { slope, center, threshold } = calibration;
  const confidence = sigmoid(slope * (first.score - center));
  return { ranked, best: confidence >= threshold ? { intent: first.intent, confidence } : null, calibration };
}
