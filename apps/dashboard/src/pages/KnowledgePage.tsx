import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type KnowledgeSource } from "../trpc";
import { describeError } from "../errors";
import type { BotTabProps } from "../components/BotTabs";
import { AddDocumentForm } from "../components/AddDocumentForm";
import { AddFaqForm } from "../components/AddFaqForm";
import { DeleteSourceDialog } from "../components/DeleteSourceDialog";
import { SourceItem } from "../components/SourceItem";
import { TestRetrieval } from "../components/TestRetrieval";
import { ThresholdSetting } from "../components/ThresholdSetting";
import { FaqEntriesForm } from "../onboarding/FaqEntriesForm";

/** What the bot knows: FAQs and documents, a way to try them, and how sure it must be to answer. */
export function KnowledgePage({ workspace, bot }: BotTabProps) {
  const trpc = useTRPC();
  const scope = { workspaceId: workspace.id, botId: bot.id };
  const sources = useQuery(trpc.knowledge.listSources.queryOptions(scope));
  const [status, setStatus] = useState("");
  const [deleting, setDeleting] = useState<KnowledgeSource | null>(null);
  const canEdit = workspace.role !== "AGENT";

  return (
    <>
      <p className="lede">
        Teach “{bot.name}” your shop's answers. It replies to customers from what you add here, and says it does not know when nothing fits.
      </p>
      {canEdit ? null : <p className="notice">You can look at this bot's knowledge and test it. Only owners and admins can change it.</p>}
      <p className="status" role="status">
        {status}
      </p>

      <section aria-labelledby="faq-entries-heading" className="panel">
        <h2 id="faq-entries-heading">Questions and answers</h2>
        <p className="lede">One question customers ask and your answer per row. Change a row and save: the bot answers with it at once.</p>
        <FaqEntriesForm workspaceId={workspace.id} bot={bot} canEdit={canEdit} />
      </section>

      {canEdit ? (
        <div className="two-columns">
          <section aria-labelledby="add-faq-heading" className="panel">
            <h2 id="add-faq-heading">Import FAQ</h2>
            <p className="lede">Many questions at once, from a spreadsheet (CSV or JSON) or rows pasted in.</p>
            <AddFaqForm {...scope} />
          </section>
          <section aria-labelledby="add-document-heading" className="panel">
            <h2 id="add-document-heading">Add document</h2>
            <p className="lede">A policy, product guide or page of your shop. The bot quotes the parts that fit a question.</p>
            <AddDocumentForm {...scope} />
          </section>
        </div>
      ) : null}

      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">Knowledge sources</h2>
        {sources.isPending ? (
          <p>Loading knowledge sources…</p>
        ) : sources.isError ? (
          <div className="form-error" role="alert">
            {describeError(sources.error).message}{" "}
            <button type="button" className="secondary" onClick={() => void sources.refetch()}>
              Try again
            </button>
          </div>
        ) : sources.data.length === 0 ? (
          <div className="empty">
            <p>
              <strong>“{bot.name}” does not know anything about your shop yet.</strong>
            </p>
            <p>
              {canEdit
                ? "Start with the questions customers ask most: delivery times, returns, opening hours, payment. Write them under “Questions and answers” above, import a spreadsheet, or upload a document such as your returns policy."
                : "An owner or admin of this workspace can add FAQs and documents."}
            </p>
          </div>
        ) : (
          <ul aria-label="Knowledge sources" className="source-list">
            {sources.data.map((source) => (
              <SourceItem key={source.id} {...scope} source={source} canEdit={canEdit} onDelete={setDeleting} onStatus={setStatus} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="test-heading" className="panel">
        <h2 id="test-heading">Test retrieval</h2>
        <p className="lede">Ask something the way a customer would and see which entries the bot finds, and how sure it is.</p>
        <TestRetrieval {...scope} />
      </section>

      <section aria-labelledby="threshold-heading" className="panel">
        <h2 id="threshold-heading">When to answer</h2>
        <ThresholdSetting {...scope} canEdit={canEdit} />
      </section>

      {deleting ? (
        <DeleteSourceDialog
          {...scope}
          source={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(title) => {
            setDeleting(null);
            setStatus(`“${title}” deleted.`);
          }}
        />
      ) : null}
    </>
  );
}
