import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Member } from "../trpc";
import { ConfirmDialog } from "./ConfirmDialog";

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
    <ConfirmDialog title={`Remove ${member.name}?`} confirmLabel="Remove member" isPending={remove.isPending} error={remove.error} onConfirm={() => remove.mutate({ workspaceId, userId: member.userId })} onClose={onClose}>
      {member.name} ({member.email}) loses access to this workspace at once. You can invite them again later.
    </ConfirmDialog>
  );
}
