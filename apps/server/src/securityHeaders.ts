import type { FastifyInstance } from "fastify";

/**
 * What a response is, for its security headers:
 * - `dashboard`: the dashboard's pages and files. Scripts, styles and
 *   connections from this origin only (the built index.html has no inline
 *   script; React's style props are set through the DOM, which CSP allows),
 *   images also from https (a bot's avatar URL) and data: (the favicon), and
 *   no framing by anyone (clickjacking).
 * - `api`: JSON and event streams (/trpc, /api/v1, ...): nothing to run, no
 *   framing.
 * - `embeddable`: what shops load into their own pages — /widget.js and its
 *   hashed copy (a script other sites include) and /demo (a shop page that may
 *   be framed) — gets neither a CSP nor a framing ban.
 */
export type ResponseKind = "dashboard" | "api" | "embeddable";

const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Half a year; no includeSubDomains: a self-hosted server does not speak for its domain's other hosts. */
const HSTS = "max-age=15552000";

export function securityHeadersFor(kind: ResponseKind, { isHttps }: { isHttps: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    // The dashboard's URLs name workspaces and invitations: other sites get the origin at most.
    "referrer-policy": kind === "embeddable" ? "strict-origin-when-cross-origin" : "same-origin",
  };
  if (kind === "dashboard") {
    headers["content-security-policy"] = DASHBOARD_CSP;
    headers["x-frame-options"] = "DENY";
  }
  if (kind === "api") headers["content-security-policy"] = API_CSP;
  // Browsers ignore HSTS over plain http; sending it only over https keeps local http setups honest.
  if (isHttps) headers["strict-transport-security"] = HSTS;
  return headers;
}

export function classifyResponse(pathname: string): ResponseKind {
  if (pathname === "/demo" || /^\/widget(\.[A-Za-z0-9]+)?\.js$/.test(pathname)) return "embeddable";
  if (/^\/(trpc|api|healthz|stripe)(\/|$)/.test(pathname)) return "api";
  return "dashboard";
}

/**
 * Adds the headers to every response (errors and 404s included); a route
 * that set one of them itself keeps its own. https is what the app already
 * trusts for Secure cookies: the request's protocol (X-Forwarded-Proto behind
 * TRUST_PROXY) or COOKIE_SECURE=1.
 */
export function registerSecurityHeaders(app: FastifyInstance, { isAlwaysHttps }: { isAlwaysHttps: boolean }): void {
  app.addHook("onSend", async (req, reply) => {
    const pathname = req.url.split("?")[0] ?? "/";
    const headers = securityHeadersFor(classifyResponse(pathname), { isHttps: isAlwaysHttps || req.protocol === "https" });
    for (const [name, value] of Object.entries(headers)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
  });
}
