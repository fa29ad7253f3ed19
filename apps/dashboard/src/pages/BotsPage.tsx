import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type Bot, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { PageHeading } from "../components/PageHeading";
import { CreateBotForm } from "../components/CreateBotForm";
import { BotItem } from "../components/BotItem";
import { DeleteBotDialog } from "../components/DeleteBotDialog";
import { UsagePanel } from "../components/UsagePanel";
import { FirstBotForm, type FirstBotCreated } from "../onboarding/FirstBotForm";
import { FirstBotOutcome } from "../onboarding/FirstBotOutcome";

export function BotsPage({ workspace }: { workspace: WorkspaceSummary }) {
  const trpc = useTRPC();
  const bots = useQuery(trpc.bots.list.queryOptions({ workspaceId: workspace.id }));
  const [status, setStatus] = useState("");
  const [deleting, setDeleting] = useState<Bot | null>(null);
  const [firstBot, setFirstBot] = useState<FirstBotCreated | null>(null);
  const canEdit = workspace.role !== "AGENT";
  // A workspace without bots gets the first-run form: a name and the first answers, live in one step.
  const isFirstRun = canEdit && bots.data?.length === 0;

  return (
    <>
      <PageHeading>Bots</PageHeading>
      <p className="lede">A bot answers your shop's visitors in a chat window. Each bot has its own conversation flow and public key.</p>
      <p className="status" role="status">
        {status}
      </p>

      {firstBot ? <FirstBotOutcome workspaceId={workspace.id} created={firstBot} /> : null}

      {isFirstRun ? (
        <section aria-labelledby="create-bot-heading" className="panel first-bot">
          <h2 id="create-bot-heading">Create your first bot</h2>
          <p className="lede">Name it and give it a few answers. It goes live at once, and you can try it right after.</p>
          <FirstBotForm
            workspaceId={workspace.id}
            onCreated={setFirstBot}
          />
        </section>
      ) : canEdit && bots.data ? (
        <section aria-labelledby="create-bot-heading" className="panel">
          <h2 id="create-bot-heading">Create a bot</h2>
          <CreateBotForm workspaceId={workspace.id} onCreated={(name) => setStatus(`Bot “${name}” created.`)} />
        </section>
      ) : null}

      {/* On the first run the form above says all there is to say about an empty list. */}
      <section aria-labelledby="bot-list-heading" hidden={isFirstRun}>
        <h2 id="bot-list-heading">Your bots</h2>
        {bots.isPending ? (
          <p>Loading bots…</p>
        ) : bots.isError ? (
          <div className="form-error" role="alert">
            {describeError(bots.error).message}{" "}
            <button type="button" className="secondary" onClick={() => void bots.refetch()}>
              Try again
            </button>
          </div>
        ) : bots.data.length === 0 ? (
          <div className="empty">
            <p>
              <strong>No bots yet.</strong>
            </p>
            <p>An owner or admin of this workspace can create the first bot.</p>
          </div>
        ) : (
          <ul aria-label="Bots" className="bot-list">
            {bots.data.map((bot) => (
              <BotItem
                key={bot.id}
                workspaceId={workspace.id}
                bot={bot}
                canEdit={canEdit}
                onRenamed={(name) => setStatus(`Bot renamed to “${name}”.`)}
                onDelete={setDeleting}
              />
            ))}
          </ul>
        )}
      </section>

      {canEdit ? <UsagePanel workspaceId={workspace.id} /> : null}

      {deleting ? (
        <DeleteBotDialog
          workspaceId={workspace.id}
          bot={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(name) => {
            setDeleting(null);
            setStatus(`Bot “${name}” deleted.`);
          }}
        />
      ) : null}
    </>
  );
}
