import { useQuery } from "@tanstack/react-query";
import { useTRPC, type KnowledgeSource } from "../trpc";
import { describeError } from "../errors";
import { excerpt } from "../formatting";

const SHOWN_ENTRIES = 50;

/** The first entries of a source, as the bot sees them. */
export function SourceEntries({ id, workspaceId, botId, source }: { id: string; workspaceId: string; botId: string; source: KnowledgeSource }) {
  const trpc = useTRPC();
  const chunks = useQuery(trpc.knowledge.listChunks.queryOptions({ workspaceId, botId, sourceId: source.id, limit: SHOWN_ENTRIES }));

  return (
    <div id={id} className="source-entries">
      {chunks.isPending ? (
        <p role="status">Loading entries…</p>
      ) : chunks.isError ? (
        <p className="form-error" role="alert">
          {describeError(chunks.error).message}
        </p>
      ) : chunks.data.length === 0 ? (
        <p>This source has no entries.</p>
      ) : (
        <>
          <ol aria-label={`Entries of “${source.title}”`} className="entry-list">
            {chunks.data.map((chunk) => (
              <li key={chunk.id}>
                {chunk.question ? (
                  <>
                    <p className="entry-question">{chunk.question}</p>
                    <p className="entry-answer">{excerpt(chunk.answer ?? chunk.content, 400)}</p>
                  </>
                ) : (
                  <>
                    {chunk.heading ? <p className="entry-question">{chunk.heading}</p> : null}
                    <p className="entry-answer">{excerpt(chunk.content, 400)}</p>
                  </>
                )}
              </li>
            ))}
          </ol>
          {source.chunkCount > chunks.data.length ? (
            <p className="hint">
              Showing the first {chunks.data.length} of {source.chunkCount} entries.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
