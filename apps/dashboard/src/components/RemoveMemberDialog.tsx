import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Member } from "../trpc";
import { describeError } from "../errors";
import { Dialog } from "./Dialog";
import { FormError } from "./FormError";

interface RemoveMemberDialogProps {
  workspaceId: string;
  member: Member;
  onClose: () => void;
}

export function RemoveMemberDialog({ workspaceId, member, onClose }: RemoveMemberDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.workspaces.removeMember.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.workspaces.members.queryFilter({ workspaceId }));
        onClose();
      },
    }),
  );
  return (
    <Dialog title={`Remove ${member.name}?`} onClose={onClose}>
      <p>
        {member.name} ({member.email}) loses access to this workspace at once. You can invite them again later.
      </p>
      <FormError message={remove.error ? describeError(remove.error).message : null} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose} data-initial-focus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate({ workspaceId, userId: member.userId })}>
          Remove member
        </button>
      </div>
    </Dialog>
  );
}
