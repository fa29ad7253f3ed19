/**
 * Embeddings models disagree on what "unrelated" looks like: one puts two
 * unrelated sentences at cosine 0.1, another at 0.8. A fixed threshold on raw
 * cosine therefore answers everything under one model and nothing under the
 * other. These helpers measure the model's background on the bot's own
 * passages, per query, and rescale the cosine so that the background is 0 and
 * an identical text is 1; the knowledge base's threshold then means the same
 * under any model.
 */

/** Background assumed when a knowledge base has a single passage (typical of OpenAI's text-embedding-3 models). */
export const PRIOR_BACKGROUND_COSINE = 0.2;

/**
 * The query's cosine to the bot's passages that do not answer it: the mean
 * over all passages but the best match (`sum` and `count` over all of them,
 * `best` the highest). With one passage there is nothing to measure: the prior.
 */
export function backgroundCosine(sum: number, count: number, best: number, prior = PRIOR_BACKGROUND_COSINE): number {
  const others = count - 1;
  if (others < 1 || !Number.isFinite(sum) || !Number.isFinite(best)) return prior;
  return (sum - best) / others;
}

/** Cosine rescaled to [0, 1]: the background (or less) is 0, identical direction is 1. */
export function calibrateCosine(cosine: number, background: number): number {
  if (!Number.isFinite(cosine)) return 0;
  // A background near 1 would blow small differences up; cap it.
  const floor = Math.min(0.9, Math.max(-1, Number.isFinite(background) ? background : PRIOR_BACKGROUND_COSINE));
  return Math.min(1, Math.max(0, (cosine - floor) / (1 - floor)));
}
