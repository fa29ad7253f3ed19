import { useEffect, useRef } from "react";
import { takeHeadingFocusRequest } from "../router";

/** The page's <h1>; also the tab title, and where focus lands after navigating here. */
export function PageHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Chatwright`;
  }, [children]);
  useEffect(() => {
    // Switching workspace re-renders the page under the open <select>: leave focus there.
    if (takeHeadingFocusRequest() && !(document.activeElement instanceof HTMLSelectElement)) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
