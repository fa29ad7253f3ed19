import { useEffect } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type Me, type WorkspaceSummary } from "./trpc";
import { describeError, isUnauthorized } from "./errors";
import { matchRoute, paths, useLocation, type Route } from "./router";
import { rememberWorkspace } from "./workspaceChoice";
import { AppShell } from "./components/AppShell";
import { PlainLayout } from "./components/PlainLayout";
import { Redirect } from "./components/Redirect";
import { SignInPage } from "./pages/SignInPage";
import { SignUpPage } from "./pages/SignUpPage";
import { HomePage } from "./pages/HomePage";
import { BotsPage } from "./pages/BotsPage";
import { MembersPage } from "./pages/MembersPage";
import { InboxPage } from "./pages/InboxPage";
import { PrivacyPage } from "./pages/PrivacyPage";
import { BillingPage } from "./pages/BillingPage";
import { BotPage } from "./pages/BotPage";
import { InvitePage } from "./pages/InvitePage";
import { SettingsPage } from "./pages/SettingsPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ForgotPasswordPage } from "./pages/ForgotPasswordPage";
import { ResetPasswordPage } from "./pages/ResetPasswordPage";
import { DevMailboxPage } from "./pages/DevMailboxPage";

export function App() {
  const { pathname, url } = useLocation();
  const route = matchRoute(pathname);

  if (route.name === "signIn") return <SignInPage />;
  if (route.name === "signUp") return <SignUpPage />;
  if (route.name === "forgotPassword") return <ForgotPasswordPage />;
  if (route.name === "resetPassword") return <ResetPasswordPage token={route.token} />;
  if (route.name === "devMailbox") return <DevMailboxPage />;
  if (route.name === "notFound") return <NotFoundPage />;
  return <SignedInArea route={route} url={url} />;
}

/** Every other page needs to know who is signed in; signed out means sign in (and come back). */
function SignedInArea({ route, url }: { route: Exclude<Route, { name: "signIn" | "signUp" | "notFound" | "forgotPassword" | "resetPassword" | "devMailbox" }>; url: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());

  if (me.error && isUnauthorized(me.error)) {
    if (route.name === "invite") return <InvitePage token={route.token} me={null} />;
    return <Redirect to={paths.signIn(route.name === "home" ? null : url)} />;
  }
  if (me.isPending) {
    return (
      <PlainLayout>
        <p role="status">Loading…</p>
      </PlainLayout>
    );
  }
  if (me.isError) {
    return (
      <PlainLayout>
        <div className="card narrow">
          <h1>Chatwright is not available right now</h1>
          <p role="alert">{describeError(me.error).message}</p>
          <button type="button" onClick={() => void me.refetch()}>
            Try again
          </button>
        </div>
      </PlainLayout>
    );
  }

  switch (route.name) {
    case "home":
      return <HomePage me={me.data} />;
    case "invite":
      return <InvitePage token={route.token} me={me.data} />;
    case "bots":
    case "members":
    case "inbox":
    case "billing":
    case "settings":
    case "privacy":
    case "bot":
      return <WorkspaceArea me={me.data} route={route} />;
  }
}

type WorkspaceRoute = Extract<Route, { name: "bots" | "members" | "inbox" | "billing" | "settings" | "bot" | "privacy" }>;

function WorkspaceArea({ me, route }: { me: Me; route: WorkspaceRoute }) {
  const workspace = me.workspaces.find((candidate) => candidate.id === route.workspaceId);
  useEffect(() => {
    if (workspace) rememberWorkspace(workspace.id);
  }, [workspace]);

  if (!workspace) {
    return <NotFoundPage title="Workspace not found" detail="You are not a member of this workspace, or it no longer exists. Ask its owner for an invitation." />;
  }
  return (
    <AppShell me={me} workspace={workspace} section={route.name === "members" || route.name === "inbox" || route.name === "billing" || route.name === "settings" || route.name === "privacy" ? route.name : "bots"} isSubpage={route.name === "bot"}>
      <WorkspacePage me={me} workspace={workspace} route={route} />
    </AppShell>
  );
}

function WorkspacePage({ me, workspace, route }: { me: Me; workspace: WorkspaceSummary; route: WorkspaceRoute }) {
  switch (route.name) {
    case "bots":
      return <BotsPage key={workspace.id} workspace={workspace} />;
    case "members":
      return <MembersPage key={workspace.id} me={me} workspace={workspace} />;
    case "inbox":
      return <InboxPage key={workspace.id} me={me} workspace={workspace} />;
    case "billing":
      return <BillingPage key={workspace.id} workspace={workspace} />;
    case "settings":
      return <SettingsPage key={workspace.id} me={me} workspace={workspace} />;
    case "privacy":
      return <PrivacyPage key={workspace.id} workspace={workspace} />;
    case "bot":
      return <BotPage key={`${workspace.id}:${route.botId}`} workspace={workspace} botId={route.botId} tab={route.tab} />;
  }
}
