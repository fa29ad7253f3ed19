import type { ReactNode } from "react";
import type { Me, WorkspaceSummary } from "../trpc";
import { paths } from "../router";
import { Link } from "./Link";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher";
import { UserMenu } from "./UserMenu";

export type Section = "bots" | "members" | "inbox" | "billing" | "settings" | "privacy";

interface AppShellProps {
  me: Me;
  workspace: WorkspaceSummary;
  section: Section;
  /** a page inside the section (a bot's page in Bots): the section link is current, not the page */
  isSubpage?: boolean;
  children: ReactNode;
}

export function AppShell({ me, workspace, section, isSubpage = false, children }: AppShellProps) {
  const currentFor = (linkSection: Section) => (linkSection !== section ? undefined : isSubpage ? "true" : "page");
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Chatwright
        </Link>
        <WorkspaceSwitcher workspaces={me.workspaces} current={workspace} section={section} />
        <p className="plan">
          Plan: <span className="badge">{workspace.plan}</span>
        </p>
        <UserMenu user={me.user} />
      </header>
      <nav className="sections" aria-label="Main">
        <ul>
          <li>
            <Link href={paths.bots(workspace.id)} aria-current={currentFor("bots")}>
              Bots
            </Link>
          </li>
          <li>
            <Link href={paths.inbox(workspace.id)} aria-current={currentFor("inbox")}>
              Inbox
            </Link>
          </li>
          <li>
            <Link href={paths.members(workspace.id)} aria-current={currentFor("members")}>
              Members
            </Link>
          </li>
          <li>
            <Link href={paths.privacy(workspace.id)} aria-current={currentFor("privacy")}>
              Privacy
            </Link>
          </li>
          <li>
            <Link href={paths.settings(workspace.id)} aria-current={currentFor("settings")}>
              Settings
            </Link>
          </li>
          {workspace.role === "OWNER" ? (
            <li>
              <Link href={paths.billing(workspace.id)} aria-current={currentFor("billing")}>
                Billing
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
