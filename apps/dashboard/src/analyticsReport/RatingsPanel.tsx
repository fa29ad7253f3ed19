import type { RouterOutputs } from "../trpc";
import { formatRating } from "../analytics";
import { BarList } from "./BarList";

type Ratings = RouterOutputs["analytics"]["bot"]["ratings"];

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric" });

/** Five stars as text, filled up to the rounded score. */
function Stars({ score }: { score: number }) {
  const filled = Math.min(5, Math.max(0, Math.round(score)));
  return (
    <span className="stars" role="img" aria-label={`${formatRating(score)} out of 5 stars`}>
      <span aria-hidden="true">{"★".repeat(filled)}</span>
      <span aria-hidden="true" className="stars-empty">
        {"★".repeat(5 - filled)}
      </span>
    </span>
  );
}

/** Visitor satisfaction: the average of the ratings visitors gave in the chat window, how they spread, and what they wrote. */
export function RatingsPanel({ ratings }: { ratings: Ratings }) {
  return (
    <section aria-labelledby="ratings-heading" className="panel">
      <h3 id="ratings-heading">Visitor ratings</h3>
      {ratings.count === 0 || ratings.average === null ? (
        <p>No ratings in this period yet. When a conversation ends, the chat window asks the visitor to rate it from 1 to 5 stars.</p>
      ) : (
        <>
          <p className="rating-average">
            <strong>{formatRating(ratings.average)}</strong> <Stars score={ratings.average} />{" "}
            <span className="muted">
              average of {ratings.count.toLocaleString("en-US")} {ratings.count === 1 ? "rating" : "ratings"}
            </span>
          </p>
          <BarList
            label="Ratings by score"
            items={ratings.distribution.map((row) => ({
              key: String(row.rating),
              label: `${row.rating} ${row.rating === 1 ? "star" : "stars"}`,
              value: row.count,
              detail: `${Math.round((row.count / ratings.count) * 100)}%`,
              tone: row.rating <= 2 ? ("miss" as const) : ("default" as const),
            }))}
          />
          {ratings.recentComments.length > 0 ? (
            <>
              <h4>Latest comments</h4>
              <ul className="rating-comments">
                {ratings.recentComments.map((comment) => (
                  <li key={comment.conversationId}>
                    <Stars score={comment.rating} /> <time dateTime={comment.at}>{dateFormat.format(new Date(comment.at))}</time>
                    <blockquote>{comment.comment}</blockquote>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
