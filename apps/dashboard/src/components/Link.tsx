import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { navigate } from "../router";

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** A real <a href> (open in new tab, copy link work) that navigates in-app on a plain click. */
export function Link({ href, onClick, ...anchor }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    const isPlainClick = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
    if (event.defaultPrevented || !isPlainClick || anchor.target === "_blank") return;
    event.preventDefault();
    navigate(href);
  }
  return <a href={href} onClick={handleClick} {...anchor} />;
}
