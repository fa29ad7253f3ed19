import { analyzeText, backgroundCosine, calibrateCosine, rankFields, rankPassages, reciprocalRankFusion } from "@chatwright/nlp";
import type { KnowledgeQueryable } from "./sql.ts";

export type RetrieveInput = {
  workspaceId: string;
  botId: string;
  query: string;
  /** results wanted (default 5) */
  topK?: number;
  /** the bot's confidence threshold in [0, 1]; results below it are dropped (default `defaultRetrievalThreshold`) */
  threshold?: number;
  /** the query's embedding and its model (optional): only chunks embedded by that model are compared with it */
  queryEmbedding?: { model: string; vector: readonly number[] };
  /** candidates taken from each ranking before fusion (default 50) */
  candidates?: number;
  /** re-rank the candidates in process with BM25 + word vectors (default true) */
  isReranked?: boolean;
  /**
   * Whether pg_trgm may be used, when known (checked once on the pool). Set it
   * when querying through a connection inside a transaction: probing there
   * could try CREATE EXTENSION and abort the caller's transaction.
   */
  isTrigramAvailable?: boolean;
};

export type RetrievedChunk = {
  chunkId: string;
  sourceId: string;
  question: string | null;
  answer: string | null;
  content: string;
  heading: string | null;
  /** calibrated confidence in [0, 1] that this chunk answers the query */
  score: number;
  /** IDF-weighted share of the query's terms found in the chunk (or trigram similarity of the question, if higher) */
  lexicalScore: number;
  /** cosine of query and chunk embeddings, when both exist (raw: its scale depends on the embeddings model) */
  vectorScore?: number;
};

/** Below this confidence the knowledge base is taken not to hold the answer ("not in the knowledge base"). */
export const defaultRetrievalThreshold = 0.35;

type CandidateRow = {
  id: string;
  sourceId: string;
  question: string | null;
  answer: string | null;
  content: string;
  heading: string | null;
  rank: number;
};

/** A vector candidate, with the query's summed cosine over all the bot's vectors (for the background). */
type VectorRow = CandidateRow & { rankSum: number; rankCount: number };

const trigramAvailability = new WeakMap<KnowledgeQueryable, Promise<boolean>>();

/**
 * Whether pg_trgm can be used: present, or created now. Checked once per
 * pool. Creating it is tried, not required: a managed Postgres may refuse,
 * and retrieval then simply runs without trigram similarity.
 */
export function hasTrigramExtension(pool: KnowledgeQueryable): Promise<boolean> {
  let known = trigramAvailability.get(pool);
  if (known === undefined) {
    known = (async () => {
      const present = await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`);
      if ((present.rowCount ?? 0) > 0) return true;
      try {
        await pool.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        return true;
      } catch {
        return false;
      }
    })().catch(() => false);
    trigramAvailability.set(pool, known);
  }
  return known;
}

const columns = `c."id", c."sourceId", c."question", c."answer", c."content", c."heading"`;
const scope = `c."workspaceId" = $1::uuid AND c."botId" = $2::uuid`;

const unitVector = (v: readonly number[]): number[] | null => {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum === 0 || !Number.isFinite(sum)) return null;
  const inverse = 1 / Math.sqrt(sum);
  return v.map((x) => x * inverse);
};

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

const chunkText = (c: Pick<CandidateRow, "question" | "heading" | "content">): string => [c.question, c.heading, c.content].filter((s) => s !== null && s !== "").join("\n");

/**
 * IDF-weighted coverage of the query's terms by each candidate, in [0, 1].
 * Document frequencies are counted over the candidates (every chunk that
 * shares a term with the query is among them, up to the candidate limit),
 * out of all the bot's chunks; a query term no chunk has weighs the most, so
 * "do you sell tractors" does not match a shop that only "sells" shoes.
 */
function termCoverage(query: string, candidates: readonly CandidateRow[], chunkCount: number): Map<string, number> {
  const queryTerms = [...new Set(analyzeText(query))];
  const termsById = new Map(candidates.map((c) => [c.id, new Set(analyzeText(chunkText(c)))]));
  const documentFrequency = new Map(queryTerms.map((t) => [t, 0]));
  for (const terms of termsById.values()) for (const t of queryTerms) if (terms.has(t)) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
  const n = Math.max(chunkCount, candidates.length, 1);
  const idf = new Map(queryTerms.map((t) => {
    const df = documentFrequency.get(t) ?? 0;
    return [t, Math.log(1 + (n - df + 0.5) / (df + 0.5))];
  }));
  const total = queryTerms.reduce((sum, t) => sum + (idf.get(t) ?? 0), 0);
  const coverage = new Map<string, number>();
  for (const [id, terms] of termsById) {
    const matched = queryTerms.reduce((sum, t) => sum + (terms.has(t) ? (idf.get(t) ?? 0) : 0), 0);
    coverage.set(id, total > 0 ? matched / total : 0);
  }
  return coverage;
}

/**
 * Searches one bot's knowledge base (always scoped by workspace and bot):
 * Postgres full-text search with the AND query of `websearch_to_tsquery`
 * and an OR query of the same lexemes (paraphrases rarely share every word),
 * trigram similarity of FAQ questions where pg_trgm exists, cosine over
 * stored embeddings when a query embedding is given, and an in-process
 * BM25 + word-vector re-rank of the candidates; the rankings are fused by
 * reciprocal rank fusion. Returns at most `topK` chunks whose confidence
 * reaches `threshold`, best first: `[]` means "not in the knowledge base".
 */
export async function retrieve(pool: KnowledgeQueryable, input: RetrieveInput): Promise<RetrievedChunk[]> {
  const topK = input.topK ?? 5;
  const threshold = input.threshold ?? defaultRetrievalThreshold;
  const limit = input.candidates ?? 50;
  const query = input.query.trim().slice(0, 2000);
  if (query === "" || topK <= 0 || !isUuid(input.workspaceId) || !isUuid(input.botId)) return [];
  const params = [input.workspaceId, input.botId, query, limit];

  // One query at a time: inside a turn `pool` is the turn's own connection,
  // and pg (and the embedded database) take one query per connection.
  const andRows = await pool.query<CandidateRow>(
    `SELECT ${columns}, ts_rank_cd(c."searchVector", q, 32) AS rank
     FROM "KnowledgeChunk" c, websearch_to_tsquery('english', $3) q
     WHERE ${scope} AND c."searchVector" @@ q ORDER BY rank DESC, c."id" LIMIT $4`,
    params,
  );
  // plainto_tsquery's lexemes joined by | instead of &: any shared word counts
  const orRows = await pool.query<CandidateRow>(
    `SELECT ${columns}, ts_rank(c."searchVector", q, 1) AS rank
     FROM "KnowledgeChunk" c, (SELECT nullif(replace(plainto_tsquery('english', $3)::text, ' & ', ' | '), '')::tsquery AS q) AS o
     WHERE ${scope} AND o.q IS NOT NULL AND c."searchVector" @@ o.q ORDER BY rank DESC, c."id" LIMIT $4`,
    params,
  );
  // The question alone (weight A of the search vector): a long answer that repeats the query's words must not outrank the
  // question that asks it.
  const questionRows = await pool.query<CandidateRow>(
    `SELECT ${columns}, ts_rank(ts_filter(c."searchVector", '{a}'), o.q, 1) AS rank
     FROM "KnowledgeChunk" c, (SELECT nullif(replace(plainto_tsquery('english', $3)::text, ' & ', ' | '), '')::tsquery AS q) AS o
     WHERE ${scope} AND o.q IS NOT NULL AND c."question" IS NOT NULL AND ts_filter(c."searchVector", '{a}') @@ o.q ORDER BY rank DESC, c."id" LIMIT $4`,
    params,
  );
  const isTrigramAvailable = input.isTrigramAvailable ?? (await hasTrigramExtension(pool));
  const trigramRows = isTrigramAvailable
    ? await pool.query<CandidateRow>(
        `SELECT ${columns}, similarity(coalesce(c."question", c."heading", ''), $3) AS rank
         FROM "KnowledgeChunk" c WHERE ${scope} AND similarity(coalesce(c."question", c."heading", ''), $3) > 0.1
         ORDER BY rank DESC, c."id" LIMIT $4`,
        params,
      )
    : { rows: [] as CandidateRow[] };
  const queryVector = input.queryEmbedding === undefined ? null : unitVector(input.queryEmbedding.vector);
  // Another model's vectors (from before EMBEDDINGS_MODEL changed) are in another space: never compared.
  const vectorRows =
    queryVector === null || input.queryEmbedding === undefined
      ? { rows: [] as VectorRow[] }
      : await pool.query<VectorRow>(
          // The window sums run over every chunk, before LIMIT: the model's background for this query (see calibrateCosine).
          `SELECT *, sum(rank) OVER () AS "rankSum", count(rank) OVER ()::int AS "rankCount"
           FROM (SELECT ${columns}, (SELECT sum(e * v) FROM unnest(c."embedding", $5::real[]) AS u(e, v)) AS rank
                 FROM "KnowledgeChunk" c WHERE ${scope} AND $3::text IS NOT NULL AND c."embeddingModel" = $7 AND cardinality(c."embedding") = $6) AS scored
           ORDER BY rank DESC NULLS LAST, id LIMIT $4::int`,
          [...params, queryVector, queryVector.length, input.queryEmbedding.model],
        );
  const [bestVector] = vectorRows.rows;
  const background = bestVector === undefined ? 0 : backgroundCosine(Number(bestVector.rankSum), Number(bestVector.rankCount), Number(bestVector.rank));
  const count = await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "KnowledgeChunk" c WHERE ${scope}`, [input.workspaceId, input.botId]);

  const byId = new Map<string, CandidateRow>();
  for (const rows of [andRows.rows, orRows.rows, questionRows.rows, trigramRows.rows, vectorRows.rows]) for (const row of rows) if (!byId.has(row.id)) byId.set(row.id, row);
  if (byId.size === 0) return [];
  const candidates = [...byId.values()];
  // With the re-rank, the full-text lists (AND, OR, questions) find the candidates but do not vote in the order:
  // ts_rank over the whole chunk lets a long answer that repeats the message's words outrank the FAQ whose question asks it.
  const rankings: string[][] = [trigramRows.rows.map((r) => r.id), vectorRows.rows.map((r) => r.id)];
  if (!(input.isReranked ?? true)) rankings.push(andRows.rows.map((r) => r.id), orRows.rows.map((r) => r.id));
  else {
    const passages = candidates.map((c) => ({ id: c.id, text: [c.question, c.question, c.heading, c.content].filter((s) => s !== null && s !== "").join("\n") }));
    rankings.push(rankPassages(query, passages).map((r) => r.id));
    // The question (or heading) as its own field: BM25F, with document frequencies over whole chunks ...
    const fielded = candidates.map((c) => ({ id: c.id, title: c.question ?? c.heading ?? "", body: c.answer ?? c.content }));
    rankings.push(rankFields(query, fielded).map((r) => r.id));
    // ... and the question alone, words and word vectors: a short text that says what the chunk answers.
    const questions = candidates.flatMap((c) => {
      const title = c.question ?? c.heading ?? "";
      return title === "" ? [] : [{ id: c.id, text: title }];
    });
    rankings.push(rankPassages(query, questions).map((r) => r.id));
  }
  const fused = reciprocalRankFusion(rankings.filter((r) => r.length > 0));

  const coverage = termCoverage(query, candidates, count.rows[0]?.count ?? candidates.length);
  const trigramById = new Map(trigramRows.rows.map((r) => [r.id, Number(r.rank)]));
  const vectorById = new Map(vectorRows.rows.map((r) => [r.id, Number(r.rank)]));
  const results: RetrievedChunk[] = [];
  for (const { id } of fused) {
    const row = byId.get(id);
    if (row === undefined) continue;
    const lexicalScore = Math.max(coverage.get(id) ?? 0, trigramById.get(id) ?? 0);
    const vectorScore = vectorById.get(id);
    // Either signal can carry a match: shared words, or a meaning close above this model's background.
    const score = vectorScore === undefined ? lexicalScore : Math.max(lexicalScore, calibrateCosine(vectorScore, background));
    if (score < threshold) continue;
    results.push({
      chunkId: row.id,
      sourceId: row.sourceId,
      question: row.question,
      answer: row.answer,
      content: row.content,
      heading: row.heading,
      score: Math.round(score * 1e4) / 1e4,
      lexicalScore: Math.round(lexicalScore * 1e4) / 1e4,
      ...(vectorScore === undefined ? {} : { vectorScore: Math.round(vectorScore * 1e4) / 1e4 }),
    });
    if (results.length >= topK) break;
  }
  return results;
}
