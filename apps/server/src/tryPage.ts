import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { findTryPageBot, tryPageCookieName, type ApiServices } from "@chatwright/api";

/** A month: an owner's tab left open keeps working; opening the page again renews it. */
const TRY_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * /try/<public key>: a page of this server with the bot's widget open on it,
 * so an owner can chat with their bot on any plan without a website of their
 * own. It shows what the widget shows (its title and colour) and nothing else
 * of the bot or its workspace. Opening it sets the cookie that lets this
 * bot's widget, and no other bot's, accept this server's origin (see
 * @chatwright/api's widget/tryPage.ts). Unknown keys are 404.
 */
export function registerTryPage(app: FastifyInstance, services: Pick<ApiServices, "db">, options: { isAlwaysHttps: boolean }): void {
  app.get<{ Params: { botKey: string } }>("/try/:botKey", async (req, reply) => {
    const bot = await findTryPageBot(services.db, req.params.botKey);
    reply.header("cache-control", "no-store").header("x-robots-tag", "noindex, nofollow").header("referrer-policy", "no-referrer");
    if (!bot) {
      return reply
        .code(404)
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .type("text/html; charset=utf-8")
        .send(renderMissingTryPage());
    }
    const nonce = randomBytes(16).toString("base64");
    reply.setCookie(tryPageCookieName(bot.publicKey), "1", {
      path: "/trpc",
      httpOnly: true,
      sameSite: "strict",
      secure: options.isAlwaysHttps || req.protocol === "https",
      maxAge: TRY_COOKIE_MAX_AGE_SECONDS,
    });
    return reply
      .header(
        "content-security-policy",
        [
          "default-src 'none'",
          `script-src 'self' 'nonce-${nonce}'`,
          // The widget styles its shadow root with a <style> element.
          "style-src 'self' 'unsafe-inline'",
          "connect-src 'self'",
          "img-src 'self' data: https:",
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'",
        ].join("; "),
      )
      .header("x-frame-options", "DENY")
      .type("text/html; charset=utf-8")
      .send(renderTryPage({ botKey: bot.publicKey, title: bot.title, primaryColor: bot.primaryColor, nonce }));
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_STYLE = `
  *{box-sizing:border-box}
  body{margin:0;min-height:100vh;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:#f3f4f6}
  .wrap{max-width:40rem;margin-left:auto;margin-right:auto;padding:0 1rem}
  header{background:var(--accent);color:#fff;padding:2.25rem 0 4.25rem}
  header h1{margin:0;font-size:1.75rem;line-height:1.25;overflow-wrap:anywhere}
  main{margin-top:-2.75rem;padding-bottom:2rem}
  .card{background:#fff;border-radius:12px;padding:1.25rem 1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.06)}
  .card p{margin:0 0 .5rem}
  .card p:last-child{margin:0;color:#4b5563;font-size:.9rem}
  /* Keep the text clear of the open chat window (370px wide, 20px from the right edge). */
  @media (min-width:60rem){.wrap.beside-chat{margin-right:420px}}
  .wrap.alone{margin-top:3rem}
`;

export function renderTryPage(options: { botKey: string; title: string; primaryColor: string; nonce: string }): string {
  const key = options.botKey.replace(/[^A-Za-z0-9_-]/g, "");
  const accent = /^#[0-9a-fA-F]{6}$/.test(options.primaryColor) ? options.primaryColor : "#2563eb";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(options.title)}</title>
<style>:root{--accent:${accent}}${PAGE_STYLE}</style>
</head>
<body>
<header><div class="wrap beside-chat"><h1>${escapeHtml(options.title)}</h1></div></header>
<main class="wrap beside-chat">
  <div class="card">
    <p>Ask a question in the chat window.</p>
    <p>This page shows the chat as customers see it on the shop's website.</p>
  </div>
</main>
<script nonce="${options.nonce}">addEventListener("chatwright:ready", function () { window.Chatwright.open(); });</script>
<script src="/widget.js" data-bot="${key}" async></script>
</body>
</html>`;
}

function renderMissingTryPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>No chat here</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main class="wrap alone"><div class="card"><p><strong>No chat here.</strong></p><p>This link is wrong, or its bot was deleted. Copy the link again from the bot's page in Chatwright.</p></div></main>
</body>
</html>`;
}
