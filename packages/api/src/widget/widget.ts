import type pg from "pg";
import type { Db } from "@chatwright/db";
import {
  listMessagesAfter,
  MAX_MESSAGE_LENGTH,
  RuntimeError,
  type ConversationPublisher,
  type ConversationStatus,
  type OutboundEvent,
  type Runtime,
  type StoredMessage,
} from "@chatwright/runtime";
import { DomainError } from "../errors";
import { sessionTimeoutOf } from "../bots/sessionTimeout";
import { isOriginAllowed } from "./origins";
import type { RateLimiter, RateLimitHit, WidgetRateLimits } from "./rateLimits";
import { shouldStartFresh } from "./shouldStartFresh";
import { readWidgetTheme, type WidgetTheme } from "./theme";

export interface WidgetServices {
  limiter: RateLimiter;
  limits: WidgetRateLimits;
  /** Development: pages on localhost / 127.0.0.1 may use any bot. */
  allowLocalhostOrigins: boolean;
}

export interface WidgetBot {
  id: string;
  workspaceId: string;
  allowedOrigins: string[];
  theme: WidgetTheme;
  whiteLabel: boolean;
  activeFlowId: string | null;
  /** Minutes a visitor may be away and still come back to the same conversation (Bot.settings). */
  sessionTimeoutMinutes: number;
}

/** A message as the widget shows it. */
export interface WidgetMessage {
  id: string;
  seq: number;
  role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM";
  text: string;
  clientMessageId: string | null;
  nodeId: string | null;
  quickReplies: string[];
  /** What a bot answer was taken from: titles, or addresses (http/https) the widget links. */
  sources?: string[];
  createdAt: string;
}

export type WidgetEvent =
  | { type: "message"; message: WidgetMessage }
  | { type: "token"; nodeId: string; text: string }
  | { type: "status"; status: ConversationStatus }
  | { type: "typing"; isTyping: boolean };

const HISTORY_LIMIT = 200;

export function toWidgetMessage(message: StoredMessage): WidgetMessage {
  return {
    id: message.id,
    seq: message.seq,
    role: message.role,
    text: message.text,
    clientMessageId: message.clientMessageId,
    nodeId: message.nodeId,
    quickReplies: message.quickReplies,
    ...(message.sources?.length ? { sources: message.sources } : {}),
    createdAt: message.createdAt.toISOString(),
  };
}

/**
 * Finds the bot by its public key and refuses pages that are not on its
 * allowed origins. `tryPageOrigin`: the origin of this bot's own try page
 * when the request came from it (see tryPage.ts), accepted for this bot only.
 */
export async function authorizeWidgetRequest(
  db: Db,
  input: { botKey: string; origin: string | null; allowLocalhostOrigins: boolean; tryPageOrigin?: string | null },
): Promise<WidgetBot> {
  const found = await db.bot.findUnique({
    where: { publicKey: input.botKey },
    select: { id: true, workspaceId: true, allowedOrigins: true, theme: true, whiteLabel: true, activeFlowId: true, settings: true },
  });
  if (!found) throw new DomainError("NOT_FOUND", "No bot has this key. Copy the snippet again from the bot's Install page.");
  const { settings, ...bot } = found;
  const allowedOrigins = input.tryPageOrigin ? [...bot.allowedOrigins, input.tryPageOrigin] : bot.allowedOrigins;
  if (!isOriginAllowed(input.origin, allowedOrigins, { allowLocalhost: input.allowLocalhostOrigins })) {
    throw new DomainError(
      "FORBIDDEN",
      `This website (${input.origin ?? "unknown origin"}) is not allowed to use this bot. Add it to the allowed websites on the bot's Install page.`,
    );
  }
  return { ...bot, theme: readWidgetTheme(bot.theme), sessionTimeoutMinutes: sessionTimeoutOf(settings) };
}

export async function takeRateLimit(services: WidgetServices, hits: RateLimitHit[], now: Date): Promise<void> {
  const result = await services.limiter.take(hits, now.getTime());
  if (result.ok) return;
  const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  const who = result.key.split(":")[0];
  const message =
    who === "bot"
      ? `This chat is very busy right now. Try again in ${seconds} seconds.`
      : who === "new"
        ? `Too many new conversations from your network. Try again in ${seconds} seconds.`
        : `You're sending messages too quickly. Wait ${seconds} seconds and try again.`;
  throw new DomainError("TOO_MANY_REQUESTS", message, { retryAfterMs: result.retryAfterMs });
}

async function loadHistory(db: Db, conversationId: string): Promise<WidgetMessage[]> {
  // Internal notes (negative seqs, metadata.internal) are for the team only.
  const rows = await db.message.findMany({ where: { conversationId, seq: { gt: 0 } }, orderBy: { seq: "desc" }, take: HISTORY_LIMIT });
  return rows.reverse().map((row) => {
    const metadata = row.metadata as { quickReplies?: unknown; sources?: unknown } | null;
    const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((q): q is string => typeof q === "string") : []);
    return toWidgetMessage({ ...row, quickReplies: strings(metadata?.quickReplies), sources: strings(metadata?.sources) });
  });
}

async function findVisitorConversation(db: Db, input: { botId: string; visitorId: string; conversationId: string }) {
  return db.conversation.findFirst({
    where: { id: input.conversationId, botId: input.botId, visitorId: input.visitorId },
    select: { id: true, status: true, lastSeq: true, updatedAt: true, flowVersionId: true },
  });
}

async function findNewestVersion(db: Db, bot: WidgetBot) {
  if (!bot.activeFlowId) return null;
  return db.flowVersion.findFirst({ where: { flowId: bot.activeFlowId, workspaceId: bot.workspaceId }, orderBy: { number: "desc" }, select: { id: true } });
}

export interface OpenedConversation {
  conversationId: string;
  status: ConversationStatus;
  messages: WidgetMessage[];
  lastSeq: number;
  isNew: boolean;
}

/**
 * The widget's start: resumes the visitor's conversation when it still
 * exists for this bot, otherwise starts one on the newest published version
 * of the bot's active flow. A conversation keeps its version to the end, but
 * one left idle past the bot's session timeout while a newer version went
 * live is left behind: the visitor starts fresh on the newest (shouldStartFresh).
 */
export async function openWidgetConversation(
  deps: { db: Db; runtime: Runtime; widget: WidgetServices; now: () => Date },
  input: { bot: WidgetBot; ip: string; visitorId: string; conversationId: string | null; visitor: { name?: string | undefined; email?: string | undefined } },
): Promise<OpenedConversation> {
  const existing = input.conversationId
    ? await findVisitorConversation(deps.db, { botId: input.bot.id, visitorId: input.visitorId, conversationId: input.conversationId })
    : null;
  const version = await findNewestVersion(deps.db, input.bot);
  if (existing && !shouldStartFresh(existing, { newestVersionId: version?.id ?? null, sessionTimeoutMinutes: input.bot.sessionTimeoutMinutes, now: deps.now() })) {
    return { conversationId: existing.id, status: existing.status, messages: await loadHistory(deps.db, existing.id), lastSeq: existing.lastSeq, isNew: false };
  }
  if (!version) throw new DomainError("PRECONDITION_FAILED", "This bot has no published flow yet. Publish a flow in the dashboard first.");
  await takeRateLimit(deps.widget, [{ key: `new:${input.ip}`, rule: deps.widget.limits.newConversationsPerIp }], deps.now());
  const variables: Record<string, string> = {};
  if (input.visitor.name) variables["visitor_name"] = input.visitor.name;
  if (input.visitor.email) variables["visitor_email"] = input.visitor.email;
  const started = await deps.runtime.startConversation({
    workspaceId: input.bot.workspaceId,
    botId: input.bot.id,
    flowVersionId: version.id,
    visitorId: input.visitorId,
    variables,
  });
  const messages = started.replies.map(toWidgetMessage);
  return { conversationId: started.conversationId, status: started.status, messages, lastSeq: messages.at(-1)?.seq ?? 0, isNew: true };
}

function domainErrorOf(error: unknown): unknown {
  if (!(error instanceof RuntimeError)) return error;
  switch (error.code) {
    case "NOT_FOUND":
      return new DomainError("NOT_FOUND", "This conversation no longer exists. Start a new one.");
    case "CONVERSATION_CLOSED":
      return new DomainError("PRECONDITION_FAILED", "This conversation has ended. Start a new one.");
    case "INVALID_MESSAGE":
      return new DomainError("BAD_REQUEST", error.message);
    case "NOT_IN_HANDOFF":
      return new DomainError("PRECONDITION_FAILED", error.message);
  }
}

/** Stores the visitor's message and runs the bot's turn; the same clientMessageId twice runs once. */
export async function sendWidgetMessage(
  deps: { db: Db; runtime: Runtime; widget: WidgetServices; now: () => Date },
  input: { bot: WidgetBot; ip: string; visitorId: string; conversationId: string; clientMessageId: string; text: string },
): Promise<{ status: ConversationStatus; messages: WidgetMessage[] }> {
  const text = input.text.trim();
  if (text.length > MAX_MESSAGE_LENGTH) {
    throw new DomainError("PAYLOAD_TOO_LARGE", `Messages are limited to ${MAX_MESSAGE_LENGTH} characters. Shorten it or send it in parts.`);
  }
  if (text.length === 0) throw new DomainError("BAD_REQUEST", "The message is empty.");
  const conversation = await findVisitorConversation(deps.db, { botId: input.bot.id, visitorId: input.visitorId, conversationId: input.conversationId });
  if (!conversation) throw new DomainError("NOT_FOUND", "This conversation no longer exists. Start a new one.");
  const { limits } = deps.widget;
  await takeRateLimit(
    deps.widget,
    [
      { key: `visitor:${input.bot.id}:${input.visitorId}`, rule: limits.visitor },
      { key: `ip:${input.ip}`, rule: limits.ip },
      { key: `bot:${input.bot.id}`, rule: limits.bot },
    ],
    deps.now(),
  );
  try {
    const turn = await deps.runtime.sendVisitorMessage({ conversationId: conversation.id, text, clientMessageId: input.clientMessageId });
    const messages = [...(turn.visitorMessage ? [turn.visitorMessage] : []), ...turn.replies].map(toWidgetMessage);
    return { status: turn.status, messages };
  } catch (error) {
    throw domainErrorOf(error);
  }
}

export async function rateWidgetConversation(
  db: Db,
  input: { bot: WidgetBot; visitorId: string; conversationId: string; rating: number; comment: string | null },
): Promise<void> {
  const conversation = await findVisitorConversation(db, { botId: input.bot.id, visitorId: input.visitorId, conversationId: input.conversationId });
  if (!conversation) throw new DomainError("NOT_FOUND", "This conversation no longer exists.");
  await db.conversationEvent.create({
    data: { workspaceId: input.bot.workspaceId, conversationId: conversation.id, type: "rating", data: { rating: input.rating, comment: input.comment } },
  });
}

/**
 * A conversation's outbound events for one subscriber: first the stored
 * messages after `afterSeq` (what a reconnecting client missed), then live
 * events. Messages carry their seq as the event id so a client resumes
 * exactly after the last one it saw; a gap in live seqs is filled from the
 * database, a repeat is dropped.
 */
export async function* streamWidgetConversation(
  deps: { db: Db; pool: pg.Pool; publisher: ConversationPublisher },
  input: { bot: WidgetBot; visitorId: string; conversationId: string; afterSeq: number; signal: AbortSignal | undefined },
): AsyncGenerator<{ id: string | null; event: WidgetEvent }, void> {
  const conversation = await findVisitorConversation(deps.db, { botId: input.bot.id, visitorId: input.visitorId, conversationId: input.conversationId });
  if (!conversation) throw new DomainError("NOT_FOUND", "This conversation no longer exists. Start a new one.");
  const queue: OutboundEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = deps.publisher.subscribe(conversation.id, (event) => {
    queue.push(event);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => input.signal?.addEventListener("abort", () => resolve(), { once: true }));
  let lastSeq = input.afterSeq;
  async function* catchUp() {
    for (;;) {
      const missed = await listMessagesAfter(deps.pool, conversation?.id ?? "", lastSeq, 200);
      for (const message of missed) {
        lastSeq = message.seq;
        yield { id: String(message.seq), event: { type: "message" as const, message: toWidgetMessage(message) } };
      }
      if (missed.length < 200) return;
    }
  }
  try {
    yield* catchUp();
    while (!input.signal?.aborted) {
      const event = queue.shift();
      if (!event) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = null;
        continue;
      }
      switch (event.type) {
        case "message":
          if (event.message.seq <= lastSeq || event.message.seq <= 0) break;
          if (event.message.seq > lastSeq + 1) {
            yield* catchUp();
            break;
          }
          lastSeq = event.message.seq;
          yield { id: String(event.message.seq), event: { type: "message", message: toWidgetMessage(event.message) } };
          break;
        case "token":
          yield { id: null, event: { type: "token", nodeId: event.nodeId, text: event.text } };
          break;
        case "status":
          yield { id: null, event: { type: "status", status: event.status } };
          break;
        case "typing":
          yield { id: null, event: { type: "typing", isTyping: event.isTyping } };
          break;
      }
    }
  } finally {
    unsubscribe();
  }
}
