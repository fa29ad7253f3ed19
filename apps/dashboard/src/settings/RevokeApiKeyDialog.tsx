import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type ApiKey } from "../trpc";
import { ConfirmDialog } from "../components/ConfirmDialog";

export function RevokeApiKeyDialog({ workspaceId, apiKey, onClose }: { workspaceId: string; apiKey: ApiKey; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter({ workspaceId }));
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={`Revoke “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      isPending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate({ workspaceId, id: apiKey.id })}
      onClose={onClose}
    >
      Anything using {apiKey.prefix}_… is refused from now on (401). This cannot be undone: create a new key if you need one again.
    </ConfirmDialog>
  );
}
