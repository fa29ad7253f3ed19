import type { RetrievalHit } from "../trpc";
import { excerpt, formatPercent } from "../formatting";

/** One retrieved entry: what it is about, what it says, how sure, and whether the bot would use it. */
export function MatchItem({ hit, threshold }: { hit: RetrievalHit; threshold: number }) {
  const title = hit.question ?? hit.heading ?? hit.sourceTitle;
  const body = hit.answer ?? hit.content;
  return (
    <li className={hit.isAboveThreshold ? "match" : "match below"}>
      <p className="match-title">{title}</p>
      <p className="match-body">{excerpt(body, 280)}</p>
      <div className="match-score">
        <meter min={0} max={1} low={threshold} optimum={1} value={hit.score} aria-label={`Confidence for “${excerpt(title, 60)}”`} aria-valuetext={formatPercent(hit.score)} />
        <span>{formatPercent(hit.score)} sure</span>
        <span className={hit.isAboveThreshold ? "verdict pass" : "verdict fail"}>{hit.isAboveThreshold ? "Would answer" : "Below threshold"}</span>
        <span className="match-source">from “{hit.sourceTitle}”</span>
      </div>
    </li>
  );
}
