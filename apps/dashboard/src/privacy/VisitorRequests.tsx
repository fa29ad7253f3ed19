import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, useTRPCClient, type RouterOutputs } from "../trpc";
import { describeError } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { downloadFile } from "../inbox/downloadFile";
import { describeVisitorDeletion, MATCHED_BY_WORDS } from "./privacyText";

type VisitorMatch = RouterOutputs["privacy"]["findVisitors"][number];

/**
 * A visitor's access or erasure request: find them by the id the widget
 * gave them, an email or name they typed, or words they wrote; download
 * everything stored about them, or erase it.
 */
export function VisitorRequests({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<VisitorMatch | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const matches = useQuery({ ...trpc.privacy.findVisitors.queryOptions({ workspaceId, query: query ?? "" }), enabled: query !== null });
  const remove = useMutation(
    trpc.privacy.deleteVisitor.mutationOptions({
      onSuccess: async (counts, input) => {
        setDone(describeVisitorDeletion(input.visitorId, counts));
        setDeleting(null);
        await queryClient.invalidateQueries(trpc.privacy.findVisitors.pathFilter());
        await queryClient.invalidateQueries(trpc.inbox.pathFilter());
      },
    }),
  );

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    setQuery(draft.trim());
  }

  async function exportVisitor(match: VisitorMatch) {
    setExportError(null);
    try {
      const data = await client.privacy.exportVisitor.query({ workspaceId, botId: match.botId, visitorId: match.visitorId });
      downloadFile(`visitor-${match.visitorId}.json`, JSON.stringify(data, null, 2), "application/json");
    } catch (error) {
      setExportError(error);
    }
  }

  const searchError = matches.error ? describeError(matches.error) : null;
  return (
    <section aria-labelledby="visitor-requests-heading" className="panel">
      <h2 id="visitor-requests-heading">A visitor's data</h2>
      <p className="lede">
        When someone who chatted on your site asks what you store about them, or asks you to erase it, find them here. Search by the visitor
        id (shown on the conversation in the Inbox), the email or name they gave the bot, or words they wrote.
      </p>
      <form onSubmit={search} noValidate className="inline-form">
        <Field
          label="Visitor id, email or words"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          errors={searchError?.fieldErrors.query}
        />
        <div className="actions">
          <button type="submit" disabled={draft.trim().length === 0}>
            Find visitor
          </button>
        </div>
      </form>
      <FormError message={searchError && !searchError.fieldErrors.query ? searchError.message : null} />
      <FormError message={exportError ? describeError(exportError).message : null} />
      {done ? (
        <p role="status" className="success">
          {done}
        </p>
      ) : null}
      {query === null ? null : matches.isPending ? (
        <p role="status">Searching…</p>
      ) : matches.isError ? null : matches.data.length === 0 ? (
        <p role="status">No visitor in this workspace matches “{query}”.</p>
      ) : (
        <table className="members">
          <caption className="visually-hidden">Matching visitors</caption>
          <thead>
            <tr>
              <th scope="col">Visitor id</th>
              <th scope="col">Bot</th>
              <th scope="col">Conversations</th>
              <th scope="col">Last seen</th>
              <th scope="col">Matched</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {matches.data.map((match) => (
              <tr key={`${match.botId}:${match.visitorId}`}>
                <td>
                  <code>{match.visitorId}</code>
                </td>
                <td>{match.botName}</td>
                <td>{match.conversations}</td>
                <td>{new Date(match.lastSeenAt).toLocaleString()}</td>
                <td>{match.matchedBy.map((how) => MATCHED_BY_WORDS[how]).join(", ")}</td>
                <td>
                  <button type="button" className="secondary" aria-label={`Download the data of visitor ${match.visitorId}`} onClick={() => void exportVisitor(match)}>
                    Download data
                  </button>
                  <button type="button" className="danger-outline" aria-label={`Erase visitor ${match.visitorId}`} onClick={() => setDeleting(match)}>
                    Erase
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting ? (
        <ConfirmDialog
          title="Erase this visitor's data?"
          confirmLabel="Erase for good"
          isPending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ workspaceId, botId: deleting.botId, visitorId: deleting.visitorId })}
          onClose={() => {
            remove.reset();
            setDeleting(null);
          }}
        >
          This deletes visitor {deleting.visitorId}'s {deleting.conversations} conversation(s) with {deleting.botName}: every message, note and
          what the bot collected. Download their data first if they asked for a copy. The audit log records that you erased a visitor, not who.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
