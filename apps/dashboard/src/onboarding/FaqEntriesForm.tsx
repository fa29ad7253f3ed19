import "./onboarding.css";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Bot } from "../trpc";
import { describeError, errorDetails } from "../errors";
import { embeddingNote } from "../embeddingNote";
import { FormError } from "../components/FormError";
import { checkFaqRows, createFaqRow, rowErrorsFromDetails, type FaqRow, type FaqRowErrors } from "./faqRows";
import { FaqRows } from "./FaqRows";
import { TryBotLink } from "./BotState";

/** The Knowledge tab's questions-and-answers form: the rows saved last, edited in place; the first save makes the bot live. */
export function FaqEntriesForm({ workspaceId, bot, canEdit }: { workspaceId: string; bot: Bot; canEdit: boolean }) {
  const trpc = useTRPC();
  const saved = useQuery(trpc.knowledge.faqEntries.queryOptions({ workspaceId, botId: bot.id }));
  if (saved.isPending) return <p role="status">Loading your questions…</p>;
  if (saved.isError) {
    return (
      <div className="form-error" role="alert">
        {describeError(saved.error).message}{" "}
        <button type="button" className="secondary" onClick={() => void saved.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return <FaqEntriesEditor workspaceId={workspaceId} bot={bot} canEdit={canEdit} initial={saved.data.entries} />;
}

function FaqEntriesEditor({ workspaceId, bot, canEdit, initial }: { workspaceId: string; bot: Bot; canEdit: boolean; initial: { question: string; answer: string }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<FaqRow[]>(() => (initial.length > 0 ? initial.map((entry) => createFaqRow(entry)) : [createFaqRow()]));
  const [errors, setErrors] = useState<Record<string, FaqRowErrors>>({});
  const [sentKeys, setSentKeys] = useState<string[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ count: number; publishedVersion: number | null; note: string } | null>(null);
  const save = useMutation(
    trpc.knowledge.saveFaqEntries.mutationOptions({
      onSuccess: async ({ chunkCount, publishedVersion, embeddingError }) => {
        setOutcome({ count: chunkCount, publishedVersion, note: embeddingNote(embeddingError) });
        await Promise.all([
          queryClient.invalidateQueries(trpc.knowledge.pathFilter()),
          queryClient.invalidateQueries(trpc.bots.pathFilter()),
          queryClient.invalidateQueries(trpc.flows.pathFilter()),
        ]);
      },
      onError: (error) => {
        const rowErrors = rowErrorsFromDetails(errorDetails(error), sentKeys);
        setErrors(rowErrors);
        // A message shows once: next to its rows when it names them, above the button otherwise.
        setFormError(Object.keys(rowErrors).length > 0 ? null : describeError(error).message);
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOutcome(null);
    setFormError(null);
    const checked = checkFaqRows(rows);
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    if (checked.entries.length === 0) return setFormError("Write at least one question and its answer.");
    setSentKeys(checked.sentKeys);
    save.mutate({ workspaceId, botId: bot.id, entries: checked.entries });
  }

  if (!canEdit) {
    return initial.length === 0 ? (
      <p>No questions yet. An owner or admin of this workspace can add them.</p>
    ) : (
      <ol className="entry-list">
        {initial.map((entry, index) => (
          <li key={index}>
            <p className="entry-question">{entry.question}</p>
            <p className="entry-answer">{entry.answer}</p>
          </li>
        ))}
      </ol>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="faq-form">
      <FaqRows
        rows={rows}
        errors={errors}
        isDisabled={save.isPending}
        onChange={(next) => {
          setRows(next);
          setOutcome(null);
        }}
      />
      <FormError message={formError} />
      <div className="actions faq-form-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save answers"}
        </button>
      </div>
      <div role="status" className="result">
        {outcome ? (
          <div className="faq-saved">
            <p className="success">
              Saved {outcome.count === 1 ? "1 question" : `${outcome.count} questions`}.
              {outcome.publishedVersion !== null
                ? " Your bot is live and answers them now."
                : bot.liveVersion !== null
                  ? " Your bot answers with them now."
                  : " Your bot is not live yet: publish a flow on the Flow tab."}
              {outcome.note}
            </p>
            <TryBotLink publicKey={bot.publicKey} />
          </div>
        ) : null}
      </div>
    </form>
  );
}
