import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type ApiKey, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { CreateApiKeyForm } from "./CreateApiKeyForm";
import { RevokeApiKeyDialog } from "./RevokeApiKeyDialog";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const when = (value: string | null, otherwise: string) => (value ? dateFormat.format(new Date(value)) : otherwise);

/**
 * Workflow-API keys: list, create (the key is shown once), revoke. Owners and
 * admins. Below Enterprise (`canCreate` false) only keys made before a
 * downgrade are listed, so they can still be revoked; with none, nothing shows.
 */
export function ApiKeysSection({ workspace, canCreate }: { workspace: WorkspaceSummary; canCreate: boolean }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ workspaceId: workspace.id }));
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  if (!canCreate && !keys.data?.some((key) => key.revokedAt === null)) return null;

  return (
    <section aria-labelledby="api-keys-heading" className="panel">
      <h2 id="api-keys-heading">API keys</h2>
      {canCreate ? (
        <p className="lede">
          Your own systems (a CRM, a help desk, a script) can talk to your bots through the workflow API: start a conversation, send a message, read the replies. Each key works
          for every bot of this workspace. Keep keys secret; revoke one as soon as it may have leaked.
        </p>
      ) : (
        <p className="lede">These keys were made while this workspace was on Enterprise. They are refused until it is again; revoke the ones you no longer need.</p>
      )}
      {canCreate ? <CreateApiKeyForm workspaceId={workspace.id} /> : null}
      {keys.isPending ? (
        <p>Loading keys…</p>
      ) : keys.isError ? (
        <p className="form-error" role="alert">
          {describeError(keys.error).message}
        </p>
      ) : keys.data.length === 0 ? (
        <p>No API keys yet.</p>
      ) : (
        <table className="members api-keys">
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Status and actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>
                  <code>{key.prefix}_…</code>
                </td>
                <td>
                  {when(key.createdAt, "—")}
                  {key.createdBy ? ` by ${key.createdBy.name}` : ""}
                </td>
                <td>{when(key.lastUsedAt, "Never")}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="badge">Revoked {when(key.revokedAt, "")}</span>
                  ) : (
                    <button type="button" className="danger" onClick={() => setRevoking(key)}>
                      Revoke<span className="visually-hidden"> {key.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking ? <RevokeApiKeyDialog workspaceId={workspace.id} apiKey={revoking} onClose={() => setRevoking(null)} /> : null}
    </section>
  );
}
