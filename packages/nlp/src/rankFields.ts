import { analyzeText } from "./normalizeText.ts";
import type { Language } from "./stopWords.ts";

/** A passage in two fields: a short title (an FAQ's question, a section heading) and its body. */
export type FieldedPassage = { id: string; title: string; body: string };

export type RankFieldsOptions = {
  language?: Language;
  /** how much one occurrence in the title counts against one in the body (default 10) */
  titleWeight?: number;
  k1?: number;
  b?: number;
};

const countTerms = (terms: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
};

/**
 * BM25F (Robertson et al. 2004): each field's term frequency is normalised
 * by that field's length and weighted before the one saturation, and the
 * IDF is counted over whole passages. A query word in an FAQ's question
 * counts far more than the same word somewhere in a long answer, while a
 * word every answer uses ("coronavirus" in a COVID FAQ, "order" in a shop's)
 * keeps its low IDF even if only one question says it: ranking the
 * questions alone would give that one question every message with the word.
 */
export function rankFields(query: string, passages: readonly FieldedPassage[], options: RankFieldsOptions = {}): { id: string; score: number }[] {
  const { language = "en", titleWeight = 10, k1 = 1.2, b = 0.75 } = options;
  const queryTerms = [...new Set(analyzeText(query, { language }))];
  const analysed = passages.map((p) => ({ title: analyzeText(p.title, { language }), body: analyzeText(p.body, { language }) }));
  const n = Math.max(passages.length, 1);
  const averageTitle = analysed.reduce((s, p) => s + p.title.length, 0) / n || 1;
  const averageBody = analysed.reduce((s, p) => s + p.body.length, 0) / n || 1;
  const fields = analysed.map((p) => ({ title: countTerms(p.title), body: countTerms(p.body), titleLength: p.title.length, bodyLength: p.body.length }));
  const idf = new Map(
    queryTerms.map((t) => {
      const df = fields.filter((f) => f.title.has(t) || f.body.has(t)).length;
      return [t, Math.log(1 + (passages.length - df + 0.5) / (df + 0.5))];
    }),
  );
  return passages
    .map((p, i) => {
      const f = fields[i];
      let score = 0;
      if (f !== undefined) {
        for (const t of queryTerms) {
          const tf =
            (titleWeight * (f.title.get(t) ?? 0)) / (1 - b + (b * f.titleLength) / averageTitle) +
            (f.body.get(t) ?? 0) / (1 - b + (b * f.bodyLength) / averageBody);
          if (tf > 0) score += ((idf.get(t) ?? 0) * tf) / (k1 + tf);
        }
      }
      return { id: p.id, score };
    })
    .filter((r) => r.score > 0)
    .sort((x, y) => y.score - x.score);
}
