import type { Db } from "@chatwright/db";
import { readWidgetTheme } from "./theme";

/**
 * Every bot has a hosted page, /try/<public key>, where its owner (or anyone
 * they send the link to) chats with its widget without a website of their
 * own. The server serves it from its own origin, which is on no bot's allowed
 * list. Opening the page sets a cookie naming that bot, scoped to /trpc: a
 * widget request from the server's own origin that carries the cookie of the
 * bot it names comes from that bot's try page, and only that bot accepts it.
 */
const TRY_PAGE_COOKIE_PREFIX = "cw_try_";

const BOT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** Whether a URL segment can be a bot's public key (also what makes it safe in a cookie name and in HTML). */
export function isBotKeyShaped(value: string): boolean {
  return BOT_KEY_PATTERN.test(value);
}

export function tryPageCookieName(botKey: string): string {
  return `${TRY_PAGE_COOKIE_PREFIX}${botKey}`;
}

/** The bots whose try page this browser opened, read from the request's cookies. */
export function readTryPageBotKeys(cookies: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(cookies)
    .filter((name) => name.startsWith(TRY_PAGE_COOKIE_PREFIX) && cookies[name] === "1")
    .map((name) => name.slice(TRY_PAGE_COOKIE_PREFIX.length))
    .filter(isBotKeyShaped);
}

/**
 * The origin this widget request may come from as `botKey`'s try page: the
 * server's own, when the page is on it and the browser opened that bot's try
 * page; null otherwise.
 */
export function tryPageOriginFor(request: { pageOrigin: string | null; selfOrigin: string | null; tryPageBotKeys: readonly string[] }, botKey: string): string | null {
  if (request.selfOrigin === null || request.pageOrigin !== request.selfOrigin) return null;
  return request.tryPageBotKeys.includes(botKey) ? request.selfOrigin : null;
}

/** What the try page shows besides the widget: the widget's own title and colour, nothing else of the bot or its workspace. */
export async function findTryPageBot(db: Db, botKey: string): Promise<{ publicKey: string; title: string; primaryColor: string } | null> {
  if (!isBotKeyShaped(botKey)) return null;
  const bot = await db.bot.findUnique({ where: { publicKey: botKey }, select: { publicKey: true, theme: true } });
  if (!bot) return null;
  const theme = readWidgetTheme(bot.theme);
  return { publicKey: bot.publicKey, title: theme.title, primaryColor: theme.primaryColor };
}
