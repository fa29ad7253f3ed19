import { useId, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { formatPercent } from "../formatting";

/** Type a sentence and see which intent the local classifier picks, as an intent step in a flow would. */
export function TryPhrase({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const trpc = useTRPC();
  const inputId = useId();
  const [text, setText] = useState("");
  const [tried, setTried] = useState("");
  const result = useQuery({ ...trpc.intents.test.queryOptions({ workspaceId, botId, text: tried }), enabled: tried !== "", staleTime: 0 });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === tried) void result.refetch();
    else setTried(trimmed);
  }

  const others = result.isSuccess ? result.data.ranked.filter((entry) => entry.intent !== result.data.best?.intent).slice(0, 3) : [];
  return (
    <>
      <form onSubmit={submit} className="inline-form">
        <div className="field">
          <label htmlFor={inputId}>Type what a customer might say</label>
          <input id={inputId} autoComplete="off" placeholder="e.g. where's my package??" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" disabled={text.trim() === "" || result.isFetching}>
          Test
        </button>
      </form>
      <div role="status" className="result">
        {tried === "" ? null : result.isFetching ? (
          <p>Testing…</p>
        ) : result.isSuccess ? (
          result.data.best ? (
            <div className="intent-result">
              <p>
                Best match: <strong>{result.data.best.intent}</strong>, {formatPercent(result.data.best.confidence)} sure.
              </p>
              <meter min={0} max={1} value={result.data.best.confidence} aria-label={`Confidence for “${result.data.best.intent}”`} aria-valuetext={formatPercent(result.data.best.confidence)} />
            </div>
          ) : (
            <p>
              <strong>No intent matched (fallback).</strong> The bot would take the fallback path. If customers really say this, add it as an example to the right intent.
            </p>
          )
        ) : null}
      </div>
      {result.isError ? (
        <p className="form-error" role="alert">
          {describeError(result.error).message}
        </p>
      ) : null}
      {others.length > 0 && !result.isFetching ? (
        <p className="hint">
          Also considered: {others.map((entry) => `${entry.intent} (${formatPercent(entry.score)})`).join(", ")}.
        </p>
      ) : null}
    </>
  );
}
