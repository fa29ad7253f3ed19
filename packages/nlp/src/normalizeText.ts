import { stemWord } from "./stemWord.ts";
import { getStopWords, type Language } from "./stopWords.ts";

// Contractions are expanded before punctuation goes, so "what's" and
// "don't" become words that a dictionary (and the word vectors) know.
const contractions: readonly (readonly [RegExp, string])[] = [
  [/\bwon't\b/g, "will not"],
  [/\bcan't\b/g, "can not"],
  [/\bcannot\b/g, "can not"],
  [/n't\b/g, " not"],
  [/'re\b/g, " are"],
  [/'m\b/g, " am"],
  [/'ve\b/g, " have"],
  [/'ll\b/g, " will"],
  [/'d\b/g, " would"],
  [/'s\b/g, ""],
];

/**
 * Lowercases, strips accents (NFKD, then drops combining marks), expands
 * English contractions and replaces punctuation with spaces. Digits are kept.
 */
export function normalizeText(text: string): string {
  let s = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  s = s.replace(/[\u2018\u2019\u02bc`´]/g, "'");
  for (const [pattern, replacement] of contractions) s = s.replace(pattern, replacement);
  return s
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Splits normalised text into word tokens. */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === "" ? [] : normalized.split(" ");
}

export type AnalyzeOptions = {
  language?: Language;
  /** drop stop words (default true) */
  isStopWordRemoved?: boolean;
  /** stem tokens (default true) */
  isStemmed?: boolean;
};

/**
 * Normalises, tokenises, removes stop words and stems: the terms that the
 * classifier and the ranker index. Falls back to the unfiltered tokens when
 * a text is made of stop words only ("who are you"), so it still has terms.
 */
export function analyzeText(text: string, options: AnalyzeOptions = {}): string[] {
  const { language = "en", isStopWordRemoved = true, isStemmed = true } = options;
  const tokens = tokenize(text);
  const stopWords = getStopWords(language);
  const kept = isStopWordRemoved ? tokens.filter((t) => !stopWords.has(t)) : tokens;
  const terms = kept.length > 0 ? kept : tokens;
  return isStemmed && language === "en" ? terms.map(stemWord) : terms;
}
