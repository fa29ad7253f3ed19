import type { ReactNode } from "react";
import { Link } from "./Link";

/** Pages outside a workspace: sign in, sign up, invitations, errors. */
export function PlainLayout({ children }: { children: ReactNode }) {
  return (
    <div className="plain">
      <header className="plain-header">
        <Link href="/" className="brand">
          Chatwright
        </Link>
      </header>
      <main id="main" className="plain-main">
        {children}
      </main>
    </div>
  );
}
