import { analyzeText, tokenize } from "./normalizeText.ts";
import { getStopWords, type Language } from "./stopWords.ts";
import { embedWords } from "./wordVectors.ts";

/**
 * Reciprocal rank fusion (Cormack et al. 2009): each ranking gives an id
 * 1 / (k + rank), rank counted from 1; ids are returned best first. Ties keep
 * the order in which ids were first seen, so the result is deterministic.
 */
export function reciprocalRankFusion(rankings: readonly (readonly string[])[], k = 60): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, position) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + position + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/** Cosine of two vectors of the same length; 0 when either is all zeros. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosineSimilarity: vectors of different lengths (${a.length} and ${b.length}).`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

export type Passage = { id: string; text: string };

export type RankPassagesOptions = {
  language?: Language;
  /** BM25 k1 and b */
  k1?: number;
  b?: number;
  /** fuse BM25 with word-vector similarity by RRF (default true; English only) */
  isEmbeddingUsed?: boolean;
};

const bm25Scores = (query: string[], documents: string[][], k1: number, b: number): number[] => {
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / Math.max(documents.length, 1);
  const documentFrequency = new Map<string, number>();
  for (const d of documents) for (const term of new Set(d)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const queryTerms = [...new Set(query)];
  return documents.map((d) => {
    const termFrequency = new Map<string, number>();
    for (const term of d) termFrequency.set(term, (termFrequency.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of queryTerms) {
      const tf = termFrequency.get(term) ?? 0;
      if (tf === 0) continue;
      const df = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (documents.length - df + 0.5) / (df + 0.5));
      score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / (averageLength || 1)));
    }
    return score;
  });
};

/**
 * Ranks passages for a query in process: BM25 over stemmed terms, fused by
 * reciprocal rank fusion with the cosine of mean word vectors. For
 * re-ranking a short candidate list; the knowledge base itself is searched
 * in Postgres. Passages with no BM25 match and no vector similarity are left out.
 */
export function rankPassages(query: string, passages: readonly Passage[], options: RankPassagesOptions = {}): { id: string; score: number }[] {
  const { language = "en", k1 = 1.2, b = 0.75, isEmbeddingUsed = true } = options;
  const queryTerms = analyzeText(query, { language });
  const bm25 = bm25Scores(queryTerms, passages.map((p) => analyzeText(p.text, { language })), k1, b);
  const lexical = passages
    .map((p, i) => ({ id: p.id, score: bm25[i] ?? 0 }))
    .filter((r) => r.score > 0)
    .sort((x, y) => y.score - x.score);
  if (!isEmbeddingUsed || language !== "en") return lexical;
  const lexicalRanking = lexical.map((r) => r.id);
  const stopWords = getStopWords(language);
  const embed = (text: string) => embedWords(tokenize(text).filter((t) => !stopWords.has(t)));
  const queryVector = embed(query);
  const semanticRanking =
    queryVector === null
      ? []
      : passages
          .map((p) => {
            const v = embed(p.text);
            return { id: p.id, score: v === null ? 0 : cosineSimilarity(queryVector, v) };
          })
          .filter((r) => r.score > 0)
          .sort((x, y) => y.score - x.score)
          .map((r) => r.id);
  return reciprocalRankFusion([lexicalRanking, semanticRanking]);
}
