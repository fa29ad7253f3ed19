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
};
