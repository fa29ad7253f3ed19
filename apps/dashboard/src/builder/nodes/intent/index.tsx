import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc";
import { describeError } from "../../../errors";
import { ThresholdInput } from "../../fields";
import { defineNodeUi, truncate, type SettingsProps } from "../types";

function IntentSettings({ data, onChange, context }: SettingsProps<"intent">) {
  const chosen = data.intents;
  const unknown = chosen.filter((name) => !context.intents.includes(name));
  const toggle = (name: string, isChecked: boolean) => onChange({ ...data, intents: isChecked ? [...chosen, name] : chosen.filter((other) => other !== name) });
  return (
    <>
      <fieldset className="intent-picker">
        <legend>Intents to recognise</legend>
        <p className="hint">Each chosen intent gets its own output on the card; anything else leaves through “fallback”.</p>
        {context.intents.length === 0 ? <p>This bot has no intents yet. Create one below or in the Intents tab.</p> : null}
        <ul>
          {[...context.intents, ...unknown].map((name) => (
            <li key={name}>
              <label>
                <input type="checkbox" checked={chosen.includes(name)} onChange={(event) => toggle(name, event.target.checked)} /> {name}
                {unknown.includes(name) ? <span className="field-error"> — not an intent of this bot</span> : null}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <NewIntentForm workspaceId={context.workspaceId} botId={context.botId} onCreated={(name) => onChange({ ...data, intents: [...chosen.filter((other) => other !== name), name] })} />
      <ThresholdInput
        label="Minimum confidence"
        hint="Below this, the message goes to “fallback”."
        value={data.threshold ?? 0.5}
        onChange={(threshold) => onChange({ ...data, threshold })}
      />
    </>
  );
}

/** Creating an intent right here saves a trip to the Intents tab in the middle of drawing. */
function NewIntentForm({ workspaceId, botId, onCreated }: { workspaceId: string; botId: string; onCreated(name: string): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [examples, setExamples] = useState("");
  const create = useMutation(
    trpc.intents.create.mutationOptions({
      onSuccess: async (intent) => {
        await queryClient.invalidateQueries({ queryKey: trpc.intents.list.queryKey({ workspaceId, botId }) });
        onCreated(intent.name);
        setName("");
        setExamples("");
      },
    }),
  );
  return (
    <details className="new-intent">
      <summary>New intent</summary>
      <div className="field">
        <label htmlFor="new-intent-name">Intent name</label>
        <input id="new-intent-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="order_status" />
      </div>
      <div className="field">
        <label htmlFor="new-intent-examples">Example sentences</label>
        <p className="hint">One per line: how visitors say it.</p>
        <textarea id="new-intent-examples" rows={3} value={examples} onChange={(event) => setExamples(event.target.value)} />
      </div>
      {create.isError ? <p className="form-error" role="alert">{describeError(create.error).message}</p> : null}
      <button
        type="button"
        className="secondary"
        disabled={create.isPending}
        onClick={() =>
          create.mutate({ workspaceId, botId, name: name.trim(), examples: examples.split("\n").map((line) => line.trim()).filter(Boolean) })
        }
      >
        {create.isPending ? "Creating…" : "Create intent"}
      </button>
    </details>
  );
}

export const intentUi = defineNodeUi<"intent">({
  icon: "◎",
  description: "Recognises what the visitor wants and branches on it.",
  summarize: (data) => (data.intents.length ? truncate(data.intents.join(", ")) : "Choose intents"),
  Settings: IntentSettings,
});
