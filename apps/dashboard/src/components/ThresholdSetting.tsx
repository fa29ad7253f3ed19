import { useId, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { formatPercent } from "../formatting";
import { FormError } from "./FormError";

const EXPLANATION =
  "When the best match for a question is less sure than this, the bot says it does not know instead of guessing. Higher means fewer but safer answers; most shops do well between 30% and 50%.";

/** The bot's answer confidence threshold; agents see it, owners and admins change it. */
export function ThresholdSetting({ workspaceId, botId, canEdit }: { workspaceId: string; botId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.knowledge.getSettings.queryOptions({ workspaceId, botId }));
  if (settings.isPending) return <p>Loading the threshold…</p>;
  if (settings.isError) {
    return (
      <p className="form-error" role="alert">
        {describeError(settings.error).message}
      </p>
    );
  }
  if (!canEdit) {
    return (
      <>
        <p>
          Answer confidence threshold: <strong>{formatPercent(settings.data.threshold)}</strong>
        </p>
        <p className="hint">{EXPLANATION} Only owners and admins can change it.</p>
      </>
    );
  }
  return <ThresholdForm workspaceId={workspaceId} botId={botId} saved={settings.data.threshold} />;
}

function ThresholdForm({ workspaceId, botId, saved }: { workspaceId: string; botId: string; saved: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [percent, setPercent] = useState(Math.round(saved * 100));
  const [status, setStatus] = useState("");
  const save = useMutation(
    trpc.knowledge.updateSettings.mutationOptions({
      onSuccess: async ({ threshold }) => {
        setStatus(`Saved. The bot now answers when it is at least ${formatPercent(threshold)} sure.`);
        await queryClient.invalidateQueries(trpc.knowledge.pathFilter());
      },
    }),
  );
  const error = save.error ? describeError(save.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    save.mutate({ workspaceId, botId, threshold: percent / 100 });
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id}>Answer confidence threshold</label>
        <p id={`${id}-hint`} className="hint">
          {EXPLANATION}
        </p>
        <div className="range-row">
          <input
            id={id}
            type="range"
            min={0}
            max={100}
            step={1}
            value={percent}
            aria-describedby={`${id}-hint`}
            aria-valuetext={`${percent}%`}
            onChange={(e) => setPercent(Number(e.target.value))}
          />
          <output htmlFor={id} className="range-value">
            {percent}%
          </output>
        </div>
      </div>
      <FormError message={error?.message} />
      <div className="actions">
        <button type="submit" disabled={save.isPending || percent === Math.round(saved * 100)}>
          Save threshold
        </button>
        <span role="status" className="status">
          {status}
        </span>
      </div>
    </form>
  );
}
