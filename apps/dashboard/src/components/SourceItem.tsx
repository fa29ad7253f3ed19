import { useId, useState } from "react";
import type { KnowledgeSource } from "../trpc";
import { formatBytes } from "../formatting";
import { isPastedFaqFileName } from "../uploadFiles";
import { ReplaceSourceButton } from "./ReplaceSourceButton";
import { SourceEntries } from "./SourceEntries";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

interface SourceItemProps {
  workspaceId: string;
  botId: string;
  source: KnowledgeSource;
  canEdit: boolean;
  onDelete: (source: KnowledgeSource) => void;
  onStatus: (message: string) => void;
}

export function SourceItem({ workspaceId, botId, source, canEdit, onDelete, onStatus }: SourceItemProps) {
  const [isExpanded, setIsExpanded] = useState(false);
  const entriesId = useId();
  return (
    <li className="source">
      <div className="source-head">
        <h3 className="source-title">{source.title}</h3>
        <span className="badge">{source.kind === "FAQ" ? "FAQ" : "Document"}</span>
        {source.status !== "READY" ? <span className="badge warning">{source.status.toLowerCase()}</span> : null}
      </div>
      <dl className="facts">
        <div>
          <dt>Entries</dt>
          <dd>{source.chunkCount}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(source.bytes)}</dd>
        </div>
        {source.originalName ? (
          <div>
            <dt>File</dt>
            <dd className="file-name">{source.isFaqForm ? "Written in the form above" : isPastedFaqFileName(source.originalName) ? "Pasted text" : source.originalName}</dd>
          </div>
        ) : null}
        <div>
          <dt>Updated</dt>
          <dd>
            <time dateTime={source.updatedAt}>{dateFormat.format(new Date(source.updatedAt))}</time>
          </dd>
        </div>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          aria-label={`View entries of “${source.title}”`}
          aria-expanded={isExpanded}
          aria-controls={isExpanded ? entriesId : undefined}
          onClick={() => setIsExpanded((expanded) => !expanded)}
        >
          View entries <span aria-hidden="true">{isExpanded ? "▴" : "▾"}</span>
        </button>
        {canEdit ? (
          <>
            {/* The form's rows are edited in the form; a file would take its place and leave the form empty. */}
            {source.isFaqForm ? null : <ReplaceSourceButton workspaceId={workspaceId} botId={botId} source={source} onStatus={onStatus} />}
            <button type="button" className="danger-outline" aria-label={`Delete “${source.title}”`} onClick={() => onDelete(source)}>
              Delete
            </button>
          </>
        ) : null}
      </div>
      {isExpanded ? <SourceEntries id={entriesId} workspaceId={workspaceId} botId={botId} source={source} /> : null}
    </li>
  );
}
