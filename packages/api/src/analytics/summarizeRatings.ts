/** A visitor's rating of a conversation, as the widget stores it (a `rating` event); the newest per conversation counts. */
export interface StoredRating {
  conversationId: string;
  rating: unknown;
  comment: unknown;
  at: Date;
}

export interface RatingComment {
  conversationId: string;
  rating: number;
  comment: string;
  /** ISO 8601 */
  at: string;
}

export interface RatingsSummary {
  count: number;
  /** 1..5; null with no rating */
  average: number | null;
  /** how many of each score, 5 first */
  distribution: { rating: number; count: number }[];
  /** the newest ratings with a comment, newest first */
  recentComments: RatingComment[];
}

const SCORES = [5, 4, 3, 2, 1] as const;

/** A stored score, if it is one the widget can send (a whole number from 1 to 5). */
export function readRatingScore(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
}

/** Visitors' satisfaction (CSAT): the average score, how the scores spread, and what the latest visitors wrote. */
export function summarizeRatings(ratings: readonly StoredRating[], commentLimit = 5): RatingsSummary {
  const counts = new Map<number, number>(SCORES.map((score) => [score, 0]));
  const comments: RatingComment[] = [];
  let count = 0;
  let sum = 0;
  for (const row of ratings) {
    const rating = readRatingScore(row.rating);
    if (rating === null) continue;
    count += 1;
    sum += rating;
    counts.set(rating, (counts.get(rating) ?? 0) + 1);
    const comment = typeof row.comment === "string" ? row.comment.trim() : "";
    if (comment !== "") comments.push({ conversationId: row.conversationId, rating, comment, at: row.at.toISOString() });
  }
  comments.sort((a, b) => b.at.localeCompare(a.at));
  return {
    count,
    average: count === 0 ? null : sum / count,
    distribution: SCORES.map((rating) => ({ rating, count: counts.get(rating) ?? 0 })),
    recentComments: comments.slice(0, commentLimit),
  };
}
