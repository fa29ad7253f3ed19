import type { Me, WorkspaceSummary } from "../trpc";
import { canUseApiKeys, canUseOwnLlmKey } from "../enterprise";
import { PageHeading } from "../components/PageHeading";
import { ApiKeysSection } from "../settings/ApiKeysSection";
import { LlmKeySection } from "../settings/LlmKeySection";
import { WebhooksSection } from "../settings/WebhooksSection";
import { PasswordSection } from "../account/PasswordSection";

/** Your password (everyone); workspace settings: API keys, webhooks and the workspace's own LLM key (Enterprise), for owners and admins. */
export function SettingsPage({ me, workspace }: { me: Me; workspace: WorkspaceSummary }) {
  const canManage = workspace.role === "OWNER" || workspace.role === "ADMIN";
  const hasApiKeys = canUseApiKeys(workspace.plan);
  const hasOwnLlmKey = canUseOwnLlmKey(workspace.plan);
  if (!canManage) {
    return (
      <>
        <PageHeading>Settings</PageHeading>
        <PasswordSection email={me.user.email} />
        <p className="lede">Workspace settings are for owners and admins.</p>
      </>
    );
  }
  return (
    <>
      <PageHeading>Settings</PageHeading>
      <PasswordSection email={me.user.email} />
      {hasApiKeys && hasOwnLlmKey ? null : (
        <aside className="upgrade" aria-label="Upgrade">
          <h2>API keys, webhooks and your own AI key are Enterprise features</h2>
          <p>
            The <strong>Enterprise plan</strong> lets your own systems drive your bots through the workflow API with API keys, hear about conversations through webhooks, and run AI replies on your own OpenRouter
            account. {workspace.role === "OWNER" ? "Upgrade this workspace to use them." : "Ask your workspace owner to upgrade to Enterprise."}
          </p>
        </aside>
      )}
      {/* Below Enterprise this lists only keys made before a downgrade (to revoke them), or nothing. */}
      <ApiKeysSection workspace={workspace} canCreate={hasApiKeys} />
      {/* Webhooks go with the API (the same entitlement); below Enterprise only endpoints left to remove. */}
      <WebhooksSection workspace={workspace} canCreate={hasApiKeys} />
      {hasOwnLlmKey ? <LlmKeySection workspace={workspace} /> : null}
    </>
  );
}
