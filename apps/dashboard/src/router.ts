import { useSyncExternalStore } from "react";

/** Every screen of the dashboard, as the URL names it. */
export type Route =
  | { name: "home" }
  | { name: "signIn" }
  | { name: "signUp" }
  | { name: "forgotPassword" }
  | { name: "resetPassword"; token: string }
  /** Outside production without SMTP_URL: the emails the server would have sent. */
  | { name: "devMailbox" }
  | { name: "bots"; workspaceId: string }
  | { name: "members"; workspaceId: string }
  | { name: "inbox"; workspaceId: string }
  | { name: "privacy"; workspaceId: string }
  | { name: "settings"; workspaceId: string }
  | { name: "billing"; workspaceId: string }
  /** `tab` is the section segment after the bot id, null for the bot's default section. */
  | { name: "bot"; workspaceId: string; botId: string; tab: string | null }
  | { name: "invite"; token: string }
  | { name: "notFound" };

function decodeSegment(segment: string): string | null {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.length > 0 && !decoded.includes("/") ? decoded : null;
  } catch {
    return null;
  }
}

/** Maps a pathname (no query string) to a route. Pure: tested without a DOM. */
export function matchRoute(pathname: string): Route {
  const segments = pathname.split("/").filter((segment) => segment.length > 0);
  const [first, second, third, ...rest] = segments;
  if (first === undefined) return { name: "home" };
  if (segments.length === 1 && first === "signin") return { name: "signIn" };
  if (segments.length === 1 && first === "signup") return { name: "signUp" };
  if (segments.length === 1 && first === "forgot-password") return { name: "forgotPassword" };
  if (segments.length === 2 && first === "dev" && second === "mailbox") return { name: "devMailbox" };
  if (first === "reset-password" && second !== undefined && third === undefined) {
    const token = decodeSegment(second);
    return token ? { name: "resetPassword", token } : { name: "notFound" };
  }
  if (first === "invite" && second !== undefined && third === undefined) {
    const token = decodeSegment(second);
    return token ? { name: "invite", token } : { name: "notFound" };
  }
  if (first === "w" && second !== undefined && rest.length === 0) {
    const workspaceId = decodeSegment(second);
    if (workspaceId && third === "bots") return { name: "bots", workspaceId };
    if (workspaceId && third === "members") return { name: "members", workspaceId };
    if (workspaceId && third === "inbox") return { name: "inbox", workspaceId };
    if (workspaceId && third === "privacy") return { name: "privacy", workspaceId };
    if (workspaceId && third === "settings") return { name: "settings", workspaceId };
    if (workspaceId && third === "billing") return { name: "billing", workspaceId };
  }
  if (first === "w" && second !== undefined && third === "bots" && rest.length >= 1 && rest.length <= 2) {
    const [botSegment = "", tabSegment] = rest;
    const workspaceId = decodeSegment(second);
    const botId = decodeSegment(botSegment);
    // Which tabs exist is the bot page's business (BotTabs); here only the shape.
    const tab = tabSegment === undefined ? null : /^[a-z][a-z-]*$/.test(tabSegment) ? tabSegment : undefined;
    if (workspaceId && botId && tab !== undefined) return { name: "bot", workspaceId, botId, tab };
  }
  return { name: "notFound" };
}

/**
 * A path we may send the user to after signing in, from a `?next=` value.
 * Only same-site paths: "//evil.example" or "/\evil.example" would leave the site.
 */
export function safeNextPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/")) return null;
  if (value.startsWith("//") || value.startsWith("/\\")) return null;
  return value;
}

/** `path` with `?next=<next>` when there is somewhere to come back to. */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?${new URLSearchParams({ next }).toString()}` : path;
}

export const paths = {
  home: () => "/",
  signIn: (next: string | null = null) => withNext("/signin", next),
  signUp: (next: string | null = null) => withNext("/signup", next),
  forgotPassword: () => "/forgot-password",
  resetPassword: (token: string) => `/reset-password/${encodeURIComponent(token)}`,
  devMailbox: () => "/dev/mailbox",
  bots: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/bots`,
  members: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/members`,
  inbox: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/inbox`,
  privacy: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/privacy`,
  settings: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/settings`,
  billing: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/billing`,
  bot: (workspaceId: string, botId: string, tab: string | null = null) =>
    `/w/${encodeURIComponent(workspaceId)}/bots/${encodeURIComponent(botId)}${tab ? `/${encodeURIComponent(tab)}` : ""}`,
  invite: (token: string) => `/invite/${encodeURIComponent(token)}`,
};

const NAVIGATE_EVENT = "chatwright:navigate";

/**
 * Set by every in-app navigation (and Back/Forward), taken by the next page
 * heading that mounts: focus then starts at the top of the new page, for
 * keyboard and screen reader users. Not set on the first load.
 */
let isHeadingFocusRequested = false;

export function takeHeadingFocusRequest(): boolean {
  const wasRequested = isHeadingFocusRequested;
  isHeadingFocusRequested = false;
  return wasRequested;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  isHeadingFocusRequested = true;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function currentUrl(): string {
  return window.location.pathname + window.location.search;
}

function subscribe(onChange: () => void): () => void {
  const onPopState = () => {
    isHeadingFocusRequested = true;
    onChange();
  };
  window.addEventListener("popstate", onPopState);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onPopState);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

/** The current path and query string; re-renders on pushState and back/forward. */
export function useLocation(): { pathname: string; search: string; url: string } {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const queryStart = url.indexOf("?");
  return queryStart === -1
    ? { pathname: url, search: "", url }
    : { pathname: url.slice(0, queryStart), search: url.slice(queryStart), url };
}

/** The `?next=` of the current URL, if it is a safe place to return to. */
export function useNextPath(): string | null {
  const { search } = useLocation();
  return safeNextPath(new URLSearchParams(search).get("next"));
}
