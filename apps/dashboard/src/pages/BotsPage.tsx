import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type Bot, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { PageHeading } from "../components/PageHeading";
import { CreateBotForm } from "../components/CreateBotForm";
import { BotItem } from "../components/BotItem";
import { DeleteBotDialog } from "../components/DeleteBotDialog";
import { UsagePanel } from "../components/UsagePanel";

export function BotsPage({ workspace }: { workspace: WorkspaceSummary }) {
  const trpc = useTRPC();
  const bots = useQuery(trpc.bots.list.queryOptions({ workspaceId: workspace.id }));
  const [status, setStatus] = useState("");
  const [deleting, setDeleting] = useState<Bot | null>(null);
  const canEdit = workspace.role !== "AGENT";

  return (
    <>
      <PageHeading>Bots</PageHeading>
      <p className="lede">A bot answers your shop's visitors in a chat window. Each bot has its own conversation flow and public key.</p>
      <p className="status" role="status">
        {status}
      </p>

      {canEdit ? (
        <section aria-labelledby="create-bot-heading" className="panel">
          <h2 id="create-bot-heading">Create a bot</h2>
          <CreateBotForm workspaceId={workspace.id} onCreated={(name) => setStatus(`Bot “${name}” created.`)} />
        </section>
      ) : null}

      <section aria-labelledby="bot-list-heading">
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
            {canEdit ? (
              <p>
                Type a name under “Create a bot” above, for example “Help desk”, and select <strong>Create bot</strong>. Next you will teach it
                your shop's answers and paste one line of code into your shop to show the chat.
              </p>
            ) : (
              <p>An owner or admin of this workspace can create the first bot.</p>
            )}
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
