import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { AddWebhookEndpointForm, WEBHOOK_EVENT_CHOICES } from "./AddWebhookEndpointForm";
import "./webhooks.css";

type WebhookEndpoint = RouterOutputs["webhooks"]["list"][number];
type WebhookDelivery = RouterOutputs["webhooks"]["deliveries"][number];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const when = (value: string | Date | null) => (value ? dateFormat.format(new Date(value)) : "—");
const labelOf = (type: string) => WEBHOOK_EVENT_CHOICES.find((choice) => choice.type === type)?.label ?? (type === "webhook.test" ? "Test event" : type);

const STATUS_TEXT: Record<string, string> = { SUCCEEDED: "Delivered", PENDING: "Retrying", FAILED: "Failed" };

/**
 * Outgoing webhooks (Enterprise): endpoints (add with chosen events, the
 * secret shown once; remove; send a test event) and the last deliveries with
 * their status and response code. Below Enterprise only endpoints made before
 * a downgrade are listed, so they can be removed; with none, nothing shows.
 */
export function WebhooksSection({ workspace, canCreate }: { workspace: WorkspaceSummary; canCreate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions({ workspaceId: workspace.id }));
  // Deliveries go out within seconds of an event: the log follows along while the page is open.
  const deliveries = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ workspaceId: workspace.id, limit: 20 }), refetchInterval: 5_000 });
  const [removing, setRemoving] = useState<string | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.webhooks.list.queryFilter({ workspaceId: workspace.id }));
    await queryClient.invalidateQueries(trpc.webhooks.deliveries.queryFilter());
  };
  const remove = useMutation(trpc.webhooks.remove.mutationOptions({ onSuccess: refresh, onSettled: () => setRemoving(null) }));
  const sendTest = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSuccess: refresh }));
  const actionError = remove.error ?? sendTest.error;
  if (!canCreate && !endpoints.data?.length) return null;
  const urlOf = new Map((endpoints.data ?? []).map((endpoint) => [endpoint.id, endpoint.url]));

  return (
    <section aria-labelledby="webhooks-heading" className="panel">
      <h2 id="webhooks-heading">Webhooks</h2>
      {canCreate ? (
        <p className="lede">
          Chatwright POSTs conversation events to your systems as they happen — a conversation starting, every new message (agent replies included), a handoff to your team, a
          conversation closing — signed with the endpoint’s secret. Failed deliveries are retried for about an hour.
        </p>
      ) : (
        <p className="lede">These endpoints were added while this workspace was on Enterprise. Nothing is sent to them until it is again; remove the ones you no longer need.</p>
      )}
      {canCreate ? <AddWebhookEndpointForm workspaceId={workspace.id} /> : null}
      {actionError ? (
        <p className="form-error" role="alert">
          {describeError(actionError).message}
        </p>
      ) : null}
      {endpoints.isPending ? (
        <p>Loading endpoints…</p>
      ) : endpoints.isError ? (
        <p className="form-error" role="alert">
          {describeError(endpoints.error).message}
        </p>
      ) : endpoints.data.length === 0 ? (
        <p>No endpoints yet.</p>
      ) : (
        <ul className="webhook-endpoints" aria-label="Webhook endpoints">
          {endpoints.data.map((endpoint: WebhookEndpoint) => (
            <li key={endpoint.id} className="webhook-endpoint">
              <div className="webhook-endpoint-head">
                <span className="webhook-endpoint-url">{endpoint.url}</span>
                <span className="webhook-endpoint-actions">
                  {canCreate ? (
                    <button type="button" className="secondary" disabled={sendTest.isPending} onClick={() => sendTest.mutate({ workspaceId: workspace.id, id: endpoint.id })}>
                      Send test event
                    </button>
                  ) : null}
                  {removing === endpoint.id ? (
                    <>
                      <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate({ workspaceId: workspace.id, id: endpoint.id })}>
                        Remove for good
                      </button>
                      <button type="button" className="secondary" onClick={() => setRemoving(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" className="danger" onClick={() => setRemoving(endpoint.id)}>
                      Remove<span className="visually-hidden"> {endpoint.url}</span>
                    </button>
                  )}
                </span>
              </div>
              <p className="webhook-endpoint-events">
                {endpoint.events.map(labelOf).join(" · ")} — added {when(endpoint.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h3>Recent deliveries</h3>
      {deliveries.isPending ? (
        <p>Loading deliveries…</p>
      ) : deliveries.isError ? (
        <p className="form-error" role="alert">
          {describeError(deliveries.error).message}
        </p>
      ) : deliveries.data.length === 0 ? (
        <p>Nothing sent yet. Use “Send test event” to check your endpoint.</p>
      ) : (
        <div className="webhook-log-wrap">
          <table className="webhook-log">
            <caption className="visually-hidden">Recent webhook deliveries</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Next attempt</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((delivery: WebhookDelivery) => (
                <tr key={delivery.id}>
                  <th scope="row">
                    {labelOf(delivery.eventType)}
                    <div className="webhook-log-url">{urlOf.get(delivery.endpointId) ?? ""}</div>
                  </th>
                  <td data-label="Status">
                    <span className={`webhook-status webhook-status-${delivery.status.toLowerCase()}`}>
                      {delivery.status === "PENDING" && delivery.attempts === 0 ? "Sending" : (STATUS_TEXT[delivery.status] ?? delivery.status)}
                    </span>
                  </td>
                  <td data-label="Response">
                    {delivery.lastResponseStatus ?? "—"}
                    {delivery.lastError ? <div className="webhook-error">{delivery.lastError}</div> : null}
                  </td>
                  <td data-label="Attempts">{delivery.attempts} of 5</td>
                  <td data-label="Last attempt">{when(delivery.lastAttemptAt)}</td>
                  <td data-label="Next attempt">{delivery.status === "PENDING" ? when(delivery.nextAttemptAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
