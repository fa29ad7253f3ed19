import type { ReactNode } from "react";
import type { Me, WorkspaceSummary } from "../trpc";
import { paths } from "../router";
import { Link } from "./Link";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher";
import { UserMenu } from "./UserMenu";

export type Section = "bots" | "members";

interface AppShellProps {
  me: Me;
  workspace: WorkspaceSummary;
  section: Section;
  children: ReactNode;
}

export function AppShell({ me, workspace, section, children }: AppShellProps) {
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
            <Link href={paths.bots(workspace.id)} aria-current={section === "bots" ? "page" : undefined}>
              Bots
            </Link>
          </li>
          <li>
            <Link href={paths.members(workspace.id)} aria-current={section === "members" ? "page" : undefined}>
              Members
            </Link>
          </li>
        </ul>
      </nav>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
