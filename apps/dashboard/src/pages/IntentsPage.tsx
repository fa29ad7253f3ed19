import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type Intent } from "../trpc";
import { describeError } from "../errors";
import type { BotTabProps } from "../components/BotTabs";
import { CreateIntentForm } from "../components/CreateIntentForm";
import { DeleteIntentDialog } from "../components/DeleteIntentDialog";
import { IntentItem } from "../components/IntentItem";
import { TryPhrase } from "../components/TryPhrase";

/** The things customers come for, each taught by example phrases; flows branch on them. */
export function IntentsPage({ workspace, bot }: BotTabProps) {
  const trpc = useTRPC();
  const scope = { workspaceId: workspace.id, botId: bot.id };
  const intents = useQuery(trpc.intents.list.queryOptions(scope));
  const [status, setStatus] = useState("");
  const [deleting, setDeleting] = useState<Intent | null>(null);
  const canEdit = workspace.role !== "AGENT";

  return (
    <>
      <p className="lede">
        An intent is one thing customers want, like “Track my order” or “Talk to a person”. Give a few ways of saying it and “{bot.name}” recognises
        it even when it is worded differently, so your flow can take the right path.
      </p>
      {canEdit ? null : <p className="notice">You can look at this bot's intents and try phrases. Only owners and admins can change them.</p>}
      <p className="status" role="status">
        {status}
      </p>

      {canEdit ? (
        <section aria-labelledby="new-intent-heading" className="panel">
          <h2 id="new-intent-heading">New intent</h2>
          <CreateIntentForm {...scope} onCreated={(name) => setStatus(`Intent “${name}” created.`)} />
        </section>
      ) : null}

      <section aria-labelledby="intents-heading">
        <h2 id="intents-heading">Intents</h2>
        {intents.isPending ? (
          <p>Loading intents…</p>
        ) : intents.isError ? (
          <div className="form-error" role="alert">
            {describeError(intents.error).message}{" "}
            <button type="button" className="secondary" onClick={() => void intents.refetch()}>
              Try again
            </button>
          </div>
        ) : intents.data.length === 0 ? (
          <div className="empty">
            <p>
              <strong>No intents yet.</strong>
            </p>
            <p>
              {canEdit
                ? "Think of the most common reason customers write, for example “Where is my order?”. Create an intent for it above and add 5–10 ways customers might ask this."
                : "An owner or admin of this workspace can add intents."}
            </p>
          </div>
        ) : (
          <ul aria-label="Intents" className="intent-list">
            {intents.data.map((intent) => (
              <IntentItem
                key={intent.id}
                {...scope}
                intent={intent}
                canEdit={canEdit}
                onSaved={(name) => setStatus(`Intent “${name}” saved.`)}
                onDelete={setDeleting}
              />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="try-heading" className="panel">
        <h2 id="try-heading">Try a phrase</h2>
        <p className="lede">Check that the bot understands customers the way you expect.</p>
        <TryPhrase {...scope} />
      </section>

      {deleting ? (
        <DeleteIntentDialog
          {...scope}
          intent={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(name) => {
            setDeleting(null);
            setStatus(`Intent “${name}” deleted.`);
          }}
        />
      ) : null}
    </>
  );
}
