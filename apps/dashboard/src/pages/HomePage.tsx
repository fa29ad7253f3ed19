import type { Me } from "../trpc";
import { paths } from "../router";
import { chooseWorkspace, readRememberedWorkspace } from "../workspaceChoice";
import { Redirect } from "../components/Redirect";
import { PlainLayout } from "../components/PlainLayout";
import { PageHeading } from "../components/PageHeading";
import { NewWorkspaceForm } from "../components/NewWorkspaceForm";

/** `/`: open the remembered workspace, or the first; with none, make one. */
export function HomePage({ me }: { me: Me }) {
  const workspace = chooseWorkspace(me.workspaces, readRememberedWorkspace());
  if (workspace) return <Redirect to={paths.bots(workspace.id)} />;
  return (
    <PlainLayout>
      <div className="card narrow">
        <PageHeading>Create a workspace</PageHeading>
        <p>You are not a member of any workspace yet. Create one for your shop, or ask a shop owner to invite you.</p>
        <NewWorkspaceForm />
      </div>
    </PlainLayout>
  );
}
