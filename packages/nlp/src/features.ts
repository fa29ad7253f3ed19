import { stemWord } from "./stemWord.ts";
import { getStopWords, type Language } from "./stopWords.ts";
import { tokenize } from "./normalizeText.ts";

/** A sparse vector: feature -> weight. */
export type SparseVector = Map<string, number>;

export type FeatureOptions = {
  language: Language;
  /** weight of the word (stem) unigram block */
  wordWeight: number;
  /** weight of the word bigram block */
  bigramWeight: number;
  /** weight of the character n-gram block */
  charWeight: number;
  charMin: number;
  charMax: number;
};

export type TextAnalysis = {
  /** all tokens, normalised */
  tokens: string[];
  /** tokens that are not stop words (all tokens when every one is) */
  contentTokens: string[];
  /** raw term counts per block, before IDF */
  counts: SparseVector;
};

const addCount = (counts: SparseVector, feature: string, by = 1): void => {
  counts.set(feature, (counts.get(feature) ?? 0) + by);
};

/** Counts the lexical features of `text`: stems ("w"), stem bigrams ("b"), char n-grams ("c"). */
export function analyzeFeatures(text: string, options: FeatureOptions): TextAnalysis {
  const tokens = tokenize(text);
  const stopWords = getStopWords(options.language);
  const content = tokens.filter((t) => !stopWords.has(t));
  const contentTokens = content.length > 0 ? content : tokens;
  const stem = options.language === "en" ? stemWord : (t: string) => t;
  const counts: SparseVector = new Map();
  if (options.wordWeight > 0) for (const t of contentTokens) addCount(counts, `w${stem(t)}`);
  if (options.bigramWeight > 0) {
    const stems = tokens.map(stem);
    for (let i = 0; i + 1 < stems.length; i++) addCount(counts, `b${stems[i] ?? ""} ${stems[i + 1] ?? ""}`);
  }
  if (options.charWeight > 0) {
    for (const t of tokens) {
      const padded = ` ${t} `;
      for (let n = options.charMin; n <= options.charMax; n++) {
        for (let i = 0; i + n <= padded.length; i++) addCount(counts, `c${padded.slice(i, i + n)}`);
      }
    }
  }
  return { tokens, contentTokens, counts };
}

const blockWeight = (feature: string, options: FeatureOptions): number => {
  switch (feature[0]) {
    case "w":
      return options.wordWeight;
    case "b":
      return options.bigramWeight;
    default:
      return options.charWeight;
  }
};

/**
 * Sublinear TF-IDF, each block L2-normalised and scaled by its weight, then
 * the whole vector normalised. Features without an IDF (unseen in training)
 * are dropped: they cannot match any example.
 */
export function weighFeatures(counts: SparseVector, idf: ReadonlyMap<string, number>, options: FeatureOptions): SparseVector {
  const weighted: SparseVector = new Map();
  const blockNorms = new Map<string, number>();
  for (const [feature, count] of counts) {
    const inverse = idf.get(feature);
    if (inverse === undefined) continue;
    const w = (count < 1 ? count : 1 + Math.log(count)) * inverse;
    weighted.set(feature, w);
    const block = feature[0] ?? "";
    blockNorms.set(block, (blockNorms.get(block) ?? 0) + w * w);
  }
  let total = 0;
  for (const [feature, w] of weighted) {
    const scaled = (w / Math.sqrt(blockNorms.get(feature[0] ?? "") ?? 1)) * blockWeight(feature, options);
    weighted.set(feature, scaled);
    total += scaled * scaled;
  }
  if (total > 0) {
    const inverse = 1 / Math.sqrt(total);
    for (const [feature, w] of weighted) weighted.set(feature, w * inverse);
  }
  return weighted;
}

/** Smoothed IDF weight for a word seen in `df` of `n` documents; words never seen get df 0. */
export const inverseDocumentFrequency = (df: number, n: number): number => Math.log((n + 1) / (df + 1)) + 1;

/** Embedding weight of a surface word: the IDF of its stem feature, or the largest IDF when unseen. */
export function wordWeightFor(word: string, idfByFeature: ReadonlyMap<string, number>, documentCount: number): number {
  return idfByFeature.get(`w${stemWord(word)}`) ?? inverseDocumentFrequency(0, documentCount);
}
