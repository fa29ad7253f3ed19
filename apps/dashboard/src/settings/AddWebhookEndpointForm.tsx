import { useId, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { CopyButton } from "../components/CopyButton";

export const WEBHOOK_EVENT_CHOICES = [
  { type: "conversation.started", label: "Conversation started" },
  { type: "message.created", label: "New message (visitor, bot or agent)" },
  { type: "conversation.handed_off", label: "Handed off to your team" },
  { type: "conversation.closed", label: "Conversation closed" },
] as const;
type WebhookEventType = (typeof WEBHOOK_EVENT_CHOICES)[number]["type"];

/** Adds an endpoint; its signing secret is shown here once, with a copy button, and never again. */
export function AddWebhookEndpointForm({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secretId = useId();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(WEBHOOK_EVENT_CHOICES.map((choice) => choice.type));
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async ({ secret, endpoint }) => {
        setCreated({ url: endpoint.url, secret });
        setUrl("");
        await queryClient.invalidateQueries(trpc.webhooks.list.queryFilter({ workspaceId }));
      },
    }),
  );
  const error = create.error ? describeError(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    create.mutate({ workspaceId, url, events });
  }

  function toggle(type: WebhookEventType, isChecked: boolean) {
    setEvents((current) => (isChecked ? [...current, type] : current.filter((t) => t !== type)));
  }

  return (
    <>
      <form onSubmit={submit} noValidate>
        <Field
          label="Endpoint URL"
          hint="Where Chatwright POSTs the events, e.g. https://example.com/chatwright-events."
          type="url"
          inputMode="url"
          autoComplete="off"
          required
          maxLength={2000}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          errors={error?.fieldErrors.url}
        />
        <fieldset className="webhook-events">
          <legend>Events</legend>
          {WEBHOOK_EVENT_CHOICES.map((choice) => (
            <label key={choice.type}>
              <input type="checkbox" checked={events.includes(choice.type)} onChange={(e) => toggle(choice.type, e.target.checked)} />
              {choice.label}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending || events.length === 0}>
          Add endpoint
        </button>
        <FormError message={error && !error.fieldErrors.url ? error.message : events.length === 0 ? "Choose at least one event." : null} />
      </form>
      <div role="status">
        {created ? (
          <div className="invitation new-api-key">
            <p>
              <strong>Endpoint {created.url} added.</strong> Copy its signing secret now: this is the only time Chatwright shows it. Check every request's{" "}
              <code>webhook-signature</code> with it.
            </p>
            <div className="copy-row">
              <label htmlFor={secretId}>Signing secret</label>
              <input id={secretId} readOnly value={created.secret} onFocus={(e) => e.target.select()} spellCheck={false} />
              <CopyButton text={created.secret} label="Copy secret" />
            </div>
            <button type="button" className="secondary" onClick={() => setCreated(null)}>
              I have copied it
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}
