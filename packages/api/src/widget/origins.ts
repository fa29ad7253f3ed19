/**
 * Which web pages may talk to a bot's widget endpoints. Browsers always send
 * `Origin` on cross-site requests and WebSocket upgrades, and a page cannot
 * forge it, so this keeps a bot's key from being used on someone else's site.
 * (A non-browser client can send any Origin; rate limits cover that case.)
 */

const LOCALHOST_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `https://Shop.com/` -> `https://shop.com`; `https://*.shop.com` kept as a wildcard. Null when not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  const trimmed = value.trim();
  const wildcard = /^(https?):\/\/\*\.([^/]+)\/?$/i.exec(trimmed);
  if (wildcard?.[1] && wildcard[2]) {
    const rest = normalizeOrigin(`${wildcard[1]}://${wildcard[2]}`);
    return rest ? rest.replace("://", "://*.") : null;
  }
  try {
    const url = new URL(trimmed);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function isLocalhostOrigin(origin: string): boolean {
  try {
    return LOCALHOST_NAMES.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** An empty allow-list allows nothing (except localhost when development allows it). */
export function isOriginAllowed(origin: string | null, allowedOrigins: readonly string[], options: { allowLocalhost: boolean }): boolean {
  if (!origin) return false;
  const normalized = normalizeOrigin(origin);
  if (!normalized || normalized.includes("*")) return false;
  if (options.allowLocalhost && isLocalhostOrigin(normalized)) return true;
  const url = new URL(normalized);
  return allowedOrigins.some((entry) => {
    const allowed = normalizeOrigin(entry);
    if (!allowed) return false;
    if (!allowed.includes("://*.")) return allowed === normalized;
    const [scheme, suffix] = allowed.split("://*.");
    return `${url.protocol}//` === `${scheme}://` && url.host.endsWith(`.${suffix ?? ""}`);
  });
}
