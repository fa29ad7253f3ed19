import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Me } from "../trpc";
import { navigate, paths } from "../router";

export function UserMenu({ user }: { user: Me["user"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      // Even if the request failed, forget this user's data in this tab.
      onSettled: () => {
        navigate(paths.signIn());
        queryClient.clear();
      },
    }),
  );
  return (
    <div className="user-menu">
      <p className="user">
        <span className="user-name">{user.name}</span>
        <span className="user-email">{user.email}</span>
      </p>
      <button type="button" className="secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        Sign out
      </button>
    </div>
  );
}
