import type { FeatureOptions } from "./features.ts";
import type { Language } from "./stopWords.ts";

/** How raw similarities are mixed into one score per intent. */
export type ScoringOptions = {
  /** cosine to the intent's lexical centroid */
  lexicalCentroidWeight: number;
  /** best cosine to one of the intent's examples (lexical) */
  lexicalNearestWeight: number;
  /** cosine to the intent's mean word-vector embedding */
  embeddingCentroidWeight: number;
  /** best cosine to one example's embedding */
  embeddingNearestWeight: number;
};

export type ClassifierOptions = FeatureOptions & ScoringOptions & {
  /** use the shipped word vectors (English only) */
  isEmbeddingUsed: boolean;
  /** IDF counts intents (all examples of one intent as one document) rather than examples */
  isIdfPerIntent: boolean;
  /**
   * A query word unseen in training also counts as the training word whose
   * vector is closest, when their cosine is at least this (0 = off).
   */
  expansionThreshold: number;
  /**
   * Weight of the soft word alignment to the nearest example: each query word
   * matched to its most similar word of the example (same stem 1, else the
   * word vectors' cosine rescaled above `alignmentFloor`), and back (0 = off).
   */
  alignmentWeight?: number;
  alignmentFloor?: number;
  /** SIF smoothing `a` for the embedding word weights (IDF × a / (a + p(word))); 0 = IDF only */
  sifSmoothing?: number;
  /**
   * Softmax logistic regression trained on the examples' features (lexical
   * TF-IDF and the embedding): each intent's score is multiplied by
   * (p(intent) / p(best intent)) to this power (0 = off). The regression is
   * trained when the model is indexed, so the serialised model is unchanged.
   */
  regressionWeight?: number;
  regressionEpochs?: number;
  regressionL2?: number;
  regressionLearningRate?: number;
  /** warm start from the intents' centroids times this (0 = from zero) */
  regressionInitialScale?: number;
  /** per training example, the softmax runs over its intent and this many nearest intents only (0 = all) */
  regressionCandidates?: number;
  /** scale of the embedding block among the regression's features (the lexical block has length 1) */
  regressionEmbeddingScale?: number;
  /** remove the training embeddings' first principal component (SIF) */
  isCommonComponentRemoved?: boolean;
  /**
   * Out-of-scope centre from the model's own training examples: the
   * quantile of their leave-one-out best scores (0 = the global centre).
   */
  calibrationQuantile?: number;
  /** centre = quantile − calibrationOffset */
  calibrationOffset?: number;
  /**
   * Weight of the sentence encoder's score when the model has sentence
   * vectors: score = (1 − w) · the word-level score (after the regression's
   * re-ranking) + w · (the mean of the query's cosine to the intent's
   * sentence centroid and to its nearest example's sentence vector).
   */
  sentenceWeight?: number;
  /** scale of the sentence vector among the regression's features (0 = not a regression feature) */
  regressionSentenceScale?: number;
};

/** confidence = sigmoid(slope * (score - center)) */
export type Calibration = {
  slope: number;
  center: number;
  /** best intents with a confidence below this are out of scope */
  threshold: number;
};

export type IntentModelExample = {
  intent: number;
  /** indices into IntentModel.features */
  terms: number[];
  weights: number[];
  /** unit vector, or null when no word had a vector */
  embedding: number[] | null;
  /** indices into IntentModel.words of the example's content words (for the soft alignment) */
  words?: number[];
};

/**
 * A trained intent classifier: plain JSON, so it can be cached and sent
 * around; `classifyIntent` indexes it on first use.
 */
export type IntentModel = {
  format: "chatwright.intent-model";
  version: 1;
  language: Language;
  options: ClassifierOptions;
  calibration: Calibration;
  intents: string[];
  features: string[];
  idf: number[];
  /** number of documents the IDF was counted over (for words unseen in training) */
  documentCount: number;
  examples: IntentModelExample[];
  /** content words of the training examples (for query expansion) */
  words: string[];
  /** first principal component removed from every embedding, when the options say so */
  commonComponent?: number[] | null;
  /**
   * The examples' sentence-encoder vectors (unit length, one per example in
   * `examples` order, null where the encoder gave none), when the model was
   * trained with an encoder. A query is then scored with its own vector from
   * the same encoder, and `calibration` applies; a query without one (the
   * encoder unavailable) is scored on words alone with `wordCalibration`.
   */
  sentence?: { encoder: string; vectors: (number[] | null)[]; wordCalibration: Calibration } | null;
};
