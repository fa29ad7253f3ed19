import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Me } from "../trpc";
import { describeError, errorCode } from "../errors";
import { navigate, paths } from "../router";
import { rememberWorkspace } from "../workspaceChoice";
import { FormError } from "../components/FormError";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { PlainLayout } from "../components/PlainLayout";

/** `/invite/<token>`: signed out, sign in or up first and come back; signed in, accept. */
export function InvitePage({ token, me }: { token: string; me: Me | null }) {
  const here = paths.invite(token);
  return (
    <PlainLayout>
      <div className="card narrow">
        <PageHeading>Join a workspace on Chatwright</PageHeading>
        {me ? (
          <AcceptInvitation token={token} me={me} />
        ) : (
          <>
            <p>You have been invited to help run a shop's chat assistant. Sign in or create an account with the email address the invitation was sent to, then accept it.</p>
            <p className="actions">
              <Link className="button" href={paths.signIn(here)}>
                Sign in
              </Link>
              <Link className="button secondary" href={paths.signUp(here)}>
                Create an account
              </Link>
            </p>
          </>
        )}
      </div>
    </PlainLayout>
  );
}

function AcceptInvitation({ token, me }: { token: string; me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.workspaces.acceptInvitation.mutationOptions({
      onSuccess: async ({ workspaceId }) => {
        rememberWorkspace(workspaceId);
        await queryClient.invalidateQueries(trpc.auth.me.queryFilter());
        navigate(paths.bots(workspaceId));
      },
    }),
  );
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        navigate(paths.signIn(paths.invite(token)));
        queryClient.clear();
      },
    }),
  );
  const isWrongAccount = errorCode(accept.error) === "FORBIDDEN";

  return (
    <>
      <p>
        You are signed in as <strong>{me.user.email}</strong>. The invitation only works for the email address it was sent to.
      </p>
      <FormError message={accept.error ? describeError(accept.error).message : null} />
      <p className="actions">
        <button type="button" onClick={() => accept.mutate({ token })} disabled={accept.isPending}>
          Accept invitation
        </button>
        <button type="button" className="secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          {isWrongAccount ? "Sign in with another account" : "Use another account"}
        </button>
      </p>
    </>
  );
}
