/**
 * The check the server makes (packages/api widget/origins.ts), run while the
 * owner types so the mistake is shown next to the field: a bare origin like
 * https://shop.com, or https://*.shop.com for every subdomain.
 */
export function parseAllowedOrigin(value: string): { origin: string } | { error: string } {
  const trimmed = value.trim();
  if (!trimmed) return { error: "Enter your shop's address, like https://shop.com." };
  const wildcard = /^(https?):\/\/\*\.([^/]+)\/?$/i.exec(trimmed);
  const candidate = wildcard ? `${wildcard[1]}://${wildcard[2]}` : /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { error: `“${trimmed}” is not a website address. Use the form https://shop.com.` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { error: "Only http:// and https:// addresses can show the widget." };
  if (url.pathname !== "/" || url.search || url.hash) return { error: "Leave out the page path: the widget is allowed on the whole site, like https://shop.com." };
  return { origin: wildcard ? url.origin.replace("://", "://*.") : url.origin };
}

export function widgetSnippet(serverOrigin: string, publicKey: string): string {
  return `<script src="${serverOrigin}/widget.js" data-bot="${publicKey}" async></script>`;
}
