import { useId, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { formatPercent } from "../formatting";
import { MatchItem } from "./MatchItem";

/** Ask the knowledge base a question the way a customer would, and see what the bot would find. */
export function TestRetrieval({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const trpc = useTRPC();
  const inputId = useId();
  const [question, setQuestion] = useState("");
  const [asked, setAsked] = useState("");
  const results = useQuery({
    ...trpc.knowledge.testRetrieval.queryOptions({ workspaceId, botId, query: asked, topK: 5 }),
    enabled: asked !== "",
    staleTime: 0,
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = question.trim();
    if (trimmed === asked) void results.refetch();
    else setAsked(trimmed);
  }

  const hasResults = asked !== "" && results.isSuccess;
  return (
    <>
      <form onSubmit={submit} className="inline-form" role="search" aria-label="Test retrieval">
        <div className="field">
          <label htmlFor={inputId}>Ask a question</label>
          <input id={inputId} autoComplete="off" placeholder="e.g. When will my parcel arrive?" value={question} onChange={(e) => setQuestion(e.target.value)} />
        </div>
        <button type="submit" disabled={question.trim() === "" || results.isFetching}>
          Search
        </button>
      </form>
      <div role="status" className="result">
        {asked === "" ? null : results.isFetching ? (
          <p>Searching…</p>
        ) : hasResults ? (
          <p>
            {results.data.hits.length === 0
              ? "Nothing in the knowledge base matches this question. The bot would say it does not know."
              : results.data.hits[0]?.isAboveThreshold
                ? `The bot would answer from the first match (threshold ${formatPercent(results.data.threshold)}).`
                : `No match reaches the threshold of ${formatPercent(results.data.threshold)}: the bot would say it does not know rather than guess.`}
          </p>
        ) : null}
      </div>
      {results.isError ? (
        <p className="form-error" role="alert">
          {describeError(results.error).message}
        </p>
      ) : null}
      {hasResults && results.data.hits.length > 0 ? (
        <ol aria-label="Matches" className="matches">
          {results.data.hits.map((hit) => (
            <MatchItem key={hit.chunkId} hit={hit} threshold={results.data.threshold} />
          ))}
        </ol>
      ) : null}
    </>
  );
}
