import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Bot } from "../trpc";
import { describeError } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { describeRetention, parseRetentionDays } from "./privacyText";

/** Per bot: delete conversations after N days without activity, or keep them. */
export function RetentionSettings({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const bots = useQuery(trpc.bots.list.queryOptions({ workspaceId }));
  return (
    <section aria-labelledby="retention-heading" className="panel">
      <h2 id="retention-heading">How long conversations are kept</h2>
      <p className="lede">
        Keep visitors' data no longer than you need it. A bot with a limit deletes each conversation that many days after its last message
        (checked every hour). Leave the box empty to keep conversations until you delete them.
      </p>
      {bots.isPending ? (
        <p>Loading bots…</p>
      ) : bots.isError ? (
        <p className="form-error" role="alert">
          {describeError(bots.error).message}
        </p>
      ) : bots.data.length === 0 ? (
        <p>No bots yet.</p>
      ) : (
        bots.data.map((bot) => <BotRetention key={bot.id} workspaceId={workspaceId} bot={bot} />)
      )}
    </section>
  );
}

function BotRetention({ workspaceId, bot }: { workspaceId: string; bot: Bot }) {
  const trpc = useTRPC();
  const retention = useQuery(trpc.privacy.retention.queryOptions({ workspaceId, botId: bot.id }));
  if (retention.isPending) return <p>Loading {bot.name}…</p>;
  if (retention.isError) {
    return (
      <p className="form-error" role="alert">
        {describeError(retention.error).message}
      </p>
    );
  }
  return <RetentionForm workspaceId={workspaceId} bot={bot} saved={retention.data.days} />;
}

function RetentionForm({ workspaceId, bot, saved }: { workspaceId: string; bot: Bot; saved: number | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(saved === null ? "" : String(saved));
  const [status, setStatus] = useState("");
  const save = useMutation(
    trpc.privacy.setRetention.mutationOptions({
      onSuccess: async ({ days }) => {
        setStatus(`Saved. ${describeRetention(days)}`);
        await queryClient.invalidateQueries(trpc.privacy.retention.queryFilter({ workspaceId, botId: bot.id }));
      },
    }),
  );
  const parsed = parseRetentionDays(draft);
  const error = save.error ? describeError(save.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    if (parsed.ok) save.mutate({ workspaceId, botId: bot.id, days: parsed.days });
  }

  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field
        label={`${bot.name}: delete conversations after (days)`}
        inputMode="numeric"
        placeholder="Keep"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        errors={!parsed.ok ? [parsed.message] : error?.fieldErrors.days}
      />
      <div className="actions">
        <button type="submit" disabled={!parsed.ok || save.isPending || parsed.days === saved}>
          Save
        </button>
        <span role="status" className="status">
          {status}
        </span>
      </div>
      <FormError message={error && !error.fieldErrors.days ? error.message : null} />
    </form>
  );
}
