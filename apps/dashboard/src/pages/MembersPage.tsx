import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type Me, type Member, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { PageHeading } from "../components/PageHeading";
import { InviteForm } from "../components/InviteForm";
import { MemberRow } from "../components/MemberRow";
import { RemoveMemberDialog } from "../components/RemoveMemberDialog";

export function MembersPage({ me, workspace }: { me: Me; workspace: WorkspaceSummary }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.workspaces.members.queryOptions({ workspaceId: workspace.id }));
  const [removing, setRemoving] = useState<Member | null>(null);
  const isOwner = workspace.role === "OWNER";

  return (
    <>
      <PageHeading>Members</PageHeading>
      {isOwner ? (
        <section aria-labelledby="invite-heading" className="panel">
          <h2 id="invite-heading">Invite someone</h2>
          <p className="lede">Invite a colleague by email. You get a link to send them; they sign in (or sign up) with that email and join.</p>
          <InviteForm workspaceId={workspace.id} />
        </section>
      ) : (
        <p className="lede">Only owners of this workspace can invite people or change roles.</p>
      )}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">People in this workspace</h2>
        {members.isPending ? (
          <p>Loading members…</p>
        ) : members.isError ? (
          <p className="form-error" role="alert">
            {describeError(members.error).message}
          </p>
        ) : (
          <table className="members">
            <caption className="visually-hidden">Members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {isOwner ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {members.data.map((member) => (
                <MemberRow
                  key={`${member.userId}:${member.role}`}
                  workspaceId={workspace.id}
                  member={member}
                  isSelf={member.userId === me.user.id}
                  canManage={isOwner}
                  onRemove={setRemoving}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {removing ? <RemoveMemberDialog workspaceId={workspace.id} member={removing} onClose={() => setRemoving(null)} /> : null}
    </>
  );
}
