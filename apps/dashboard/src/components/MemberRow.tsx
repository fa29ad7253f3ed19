import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Member, type Role } from "../trpc";
import { describeError } from "../errors";
import { isRole, ROLE_NAMES } from "../roles";

interface MemberRowProps {
  workspaceId: string;
  member: Member;
  isSelf: boolean;
  canManage: boolean;
  onRemove: (member: Member) => void;
}

export function MemberRow({ workspaceId, member, isSelf, canManage, onRemove }: MemberRowProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorId = useId();
  const [role, setRole] = useState<Role>(member.role);
  const changeRole = useMutation(
    trpc.workspaces.changeRole.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.workspaces.members.queryFilter({ workspaceId }));
        await queryClient.invalidateQueries(trpc.auth.me.queryFilter());
      },
    }),
  );
  const error = changeRole.error ? describeError(changeRole.error).message : "";

  return (
    <tr>
      <th scope="row">
        {member.name}
        {isSelf ? " (you)" : ""}
      </th>
      <td>{member.email}</td>
      <td>
        {canManage ? (
          <form
            className="role-form"
            onSubmit={(event) => {
              event.preventDefault();
              changeRole.mutate({ workspaceId, userId: member.userId, role });
            }}
          >
            <select
              aria-label={`Permissions for ${member.name}`}
              aria-describedby={error ? errorId : undefined}
              value={role}
              onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
            >
              {Object.entries(ROLE_NAMES).map(([value, name]) => (
                <option key={value} value={value}>
                  {name}
                </option>
              ))}
            </select>
            {role !== member.role ? (
              <button type="submit" disabled={changeRole.isPending} aria-label={`Save permissions for ${member.name}`}>
                Save role
              </button>
            ) : null}
            <span id={errorId} className="field-error" role="alert">
              {error}
            </span>
          </form>
        ) : (
          ROLE_NAMES[member.role]
        )}
      </td>
      {canManage ? (
        <td>
          <button type="button" className="danger-outline" aria-label={`Remove ${member.name}`} onClick={() => onRemove(member)}>
            Remove
          </button>
        </td>
      ) : null}
    </tr>
  );
}
