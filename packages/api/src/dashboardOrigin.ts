import type { RequestInfo } from "./context";

/**
 * Whether a browser page on `origin` is the dashboard: the address the
 * request was sent to (a page cannot choose the Host its browser sends), or
 * one of the dashboard's configured origins (PUBLIC_URL's, TRUSTED_ORIGINS).
 */
export function isDashboardOrigin(origin: string, { selfOrigin, trustedOrigins }: { selfOrigin: string | null; trustedOrigins: readonly string[] }): boolean {
  return origin === selfOrigin || trustedOrigins.includes(origin);
}

/**
 * Whether a request may reach the dashboard's procedures with whatever cookie
 * it carries. Browsers send `Origin` on every cross-origin request and on
 * WebSockets; a same-origin GET may come without it, and `Sec-Fetch-Site`
 * tells it apart from a cross-site `<script src>` ("none": typed in the
 * address bar). A request with neither is not from a browser, so any cookie
 * on it was put there by its sender, not by a page the user visited.
 */
export function isDashboardRequest(request: RequestInfo, trustedOrigins: readonly string[]): boolean {
  if (request.origin !== null) return isDashboardOrigin(request.origin, { selfOrigin: request.selfOrigin, trustedOrigins });
  return request.fetchSite === null || request.fetchSite === "same-origin" || request.fetchSite === "none";
}
