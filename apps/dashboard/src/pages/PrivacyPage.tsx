import type { WorkspaceSummary } from "../trpc";
import { PageHeading } from "../components/PageHeading";
import { VisitorRequests } from "../privacy/VisitorRequests";
import { WorkspaceData } from "../privacy/WorkspaceData";
import { AccountDeletion } from "../privacy/AccountDeletion";
import { RetentionSettings } from "../privacy/RetentionSettings";

/** GDPR: visitors' access and erasure requests (owners and admins), the workspace's own data (owners), one's own account. */
export function PrivacyPage({ workspace }: { workspace: WorkspaceSummary }) {
  const canHandleRequests = workspace.role === "OWNER" || workspace.role === "ADMIN";
  return (
    <>
      <PageHeading>Privacy</PageHeading>
      {canHandleRequests ? <VisitorRequests workspaceId={workspace.id} /> : <p className="lede">Visitors' requests to see or erase their data are handled by this workspace's owners and admins.</p>}
      {canHandleRequests ? <RetentionSettings workspaceId={workspace.id} /> : null}
      {workspace.role === "OWNER" ? <WorkspaceData workspace={workspace} /> : null}
      <AccountDeletion />
    </>
  );
}
