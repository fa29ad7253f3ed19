import { useEffect } from "react";

/** The page's <h1>; also the tab title and where focus lands after navigating. */
export function PageHeading({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} · Chatwright`;
  }, [children]);
  return (
    <h1 tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
