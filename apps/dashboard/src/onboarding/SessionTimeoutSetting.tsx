import "./onboarding.css";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { formatTimeout } from "../builder/describeReturningVisitors";

/** The bot's session timeout: how long a visitor may be away and still come back to the same conversation. */
export function SessionTimeoutSetting({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.bots.sessionTimeout.queryOptions({ workspaceId, botId }));
  if (current.isPending) return <p role="status">Loading…</p>;
  if (current.isError) return <p role="alert">{describeError(current.error).message}</p>;
  return <SessionTimeoutForm workspaceId={workspaceId} botId={botId} minutes={current.data.minutes} />;
}

function SessionTimeoutForm({ workspaceId, botId, minutes }: { workspaceId: string; botId: string; minutes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(minutes));
  const [saved, setSaved] = useState("");
  const save = useMutation(
    trpc.bots.setSessionTimeout.mutationOptions({
      onSuccess: async (result) => {
        setSaved(`Saved: after ${formatTimeout(result.minutes)} away, a visitor starts a new conversation on your newest version.`);
        await queryClient.invalidateQueries(trpc.bots.sessionTimeout.queryFilter({ workspaceId, botId }));
      },
    }),
  );
  const error = save.error ? describeError(save.error) : null;
  const fieldErrors = error?.fieldErrors["minutes"];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved("");
    save.mutate({ workspaceId, botId, minutes: Number(value) });
  }

  return (
    <form onSubmit={submit} noValidate className="session-timeout-form">
      <Field
        label="Start a new conversation after (minutes away)"
        hint="A visitor who comes back later than this, after you published a new version, starts fresh on it. Until then their conversation keeps the version it started with."
        type="number"
        inputMode="numeric"
        min={1}
        max={10080}
        step={1}
        className="session-timeout-field"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setSaved("");
        }}
        errors={fieldErrors}
      />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </button>
      <FormError message={fieldErrors ? null : error?.message} />
      <p role="status" className="success session-timeout-saved">
        {saved}
      </p>
    </form>
  );
}
