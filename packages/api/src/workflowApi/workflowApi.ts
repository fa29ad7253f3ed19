import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Db } from "@chatwright/db";
import { listMessagesAfter, RuntimeError, type ConversationStatus, type Runtime } from "@chatwright/runtime";
import { authenticateApiKey, recordApiKeyUse, type ApiKeyCaller } from "../apiKeys/apiKeys";
import { assertEnterpriseFeature } from "../enterprise/enterprise";
import { DomainError } from "../errors";
import type { RateLimiter, RateLimitRule } from "../widget/rateLimits";
import { toWidgetMessage, type WidgetMessage } from "../widget/widget";
import type { ListMessagesQuery, SendMessageBody, StartConversationBody } from "./workflowApiSchemas";

/** Calls one API key may make; counted in the same limiter as widget traffic (Redis when REDIS_URL is set). */
export const DEFAULT_API_KEY_RATE_LIMIT: RateLimitRule = { limit: 120, windowMs: 60_000 };

export interface WorkflowApiDeps {
  db: Db;
  pool: pg.Pool;
  runtime: Runtime;
  now: () => Date;
  limiter: RateLimiter;
  rateLimit?: RateLimitRule;
}

/** A message as the workflow API returns it (the widget's shape: seq, role, text, quick replies...). */
export type ApiMessage = WidgetMessage;

/**
 * Every workflow-API call starts here: a valid, unrevoked key (else
 * UNAUTHORIZED), an Enterprise workspace (else FORBIDDEN, saying so), and the
 * key's rate limit (else TOO_MANY_REQUESTS with the wait); only then is the
 * key's lastUsedAt written, so a refused call changes nothing.
 */
export async function authorizeApiCall(deps: WorkflowApiDeps, authorization: string | undefined): Promise<ApiKeyCaller> {
  const now = deps.now();
  const caller = await authenticateApiKey(deps.db, { authorization, now });
  assertEnterpriseFeature(caller.plan, "apiAccess", "FORBIDDEN");
  const result = await deps.limiter.take([{ key: `apikey:${caller.apiKeyId}`, rule: deps.rateLimit ?? DEFAULT_API_KEY_RATE_LIMIT }], now.getTime());
  if (!result.ok) {
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    throw new DomainError("TOO_MANY_REQUESTS", `This API key made too many calls. Try again in ${seconds} seconds.`, { retryAfterMs: result.retryAfterMs });
  }
  await recordApiKeyUse(deps.db, { caller, now });
  return caller;
}

export interface ApiConversation {
  conversationId: string;
  status: ConversationStatus;
  messages: ApiMessage[];
}

/** Starts a conversation with a bot of the key's workspace on its newest published flow version; the reply holds the greeting. */
export async function startApiConversation(deps: WorkflowApiDeps, input: { caller: ApiKeyCaller; botId: string; body: StartConversationBody }): Promise<ApiConversation> {
  const bot = await deps.db.bot.findFirst({ where: { id: input.botId, workspaceId: input.caller.workspaceId }, select: { id: true, activeFlowId: true } });
  if (!bot) throw new DomainError("NOT_FOUND", "No bot with this id in the API key's workspace.");
  const version = bot.activeFlowId
    ? await deps.db.flowVersion.findFirst({ where: { flowId: bot.activeFlowId, workspaceId: input.caller.workspaceId }, orderBy: { number: "desc" }, select: { id: true } })
    : null;
  if (!version) throw new DomainError("CONFLICT", "This bot has no published flow yet. Publish a flow in the dashboard first.");
  const started = await deps.runtime.startConversation({
    workspaceId: input.caller.workspaceId,
    botId: bot.id,
    flowVersionId: version.id,
    visitorId: input.body.visitorId ?? `api_${randomUUID()}`,
    variables: input.body.variables ?? {},
    channel: "api",
  });
  return { conversationId: started.conversationId, status: started.status, messages: started.replies.map(toWidgetMessage) };
}

/** Conversations the workflow API may touch: started through it, in the key's workspace. */
async function findApiConversation(db: Db, caller: ApiKeyCaller, conversationId: string) {
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, workspaceId: caller.workspaceId, channel: "api" },
    select: { id: true, status: true, lastSeq: true },
  });
  if (!conversation) throw new DomainError("NOT_FOUND", "No conversation with this id was started through the API in this key's workspace.");
  return conversation;
}

export interface ApiTurn {
  conversationId: string;
  status: ConversationStatus;
  /** The person's message as stored (with its seq). */
  message: ApiMessage | null;
  /** What the bot answered in this turn (empty while a person from the team has the conversation). */
  replies: ApiMessage[];
  /** True when clientMessageId was seen before: nothing ran again, the stored turn is returned. */
  isDuplicate: boolean;
}

/** One turn through the same runtime as the widget: idempotent on clientMessageId. */
export async function sendApiMessage(deps: WorkflowApiDeps, input: { caller: ApiKeyCaller; conversationId: string; body: SendMessageBody }): Promise<ApiTurn> {
  const conversation = await findApiConversation(deps.db, input.caller, input.conversationId);
  try {
    const turn = await deps.runtime.sendVisitorMessage({ conversationId: conversation.id, text: input.body.text, clientMessageId: input.body.clientMessageId ?? null });
    return {
      conversationId: conversation.id,
      status: turn.status,
      message: turn.visitorMessage ? toWidgetMessage(turn.visitorMessage) : null,
      replies: turn.replies.map(toWidgetMessage),
      isDuplicate: turn.isDuplicate,
    };
  } catch (error) {
    if (!(error instanceof RuntimeError)) throw error;
    if (error.code === "CONVERSATION_CLOSED") throw new DomainError("CONFLICT", "This conversation has ended. Start a new one.");
    if (error.code === "INVALID_MESSAGE") throw new DomainError("BAD_REQUEST", error.message);
    if (error.code === "NOT_FOUND") throw new DomainError("NOT_FOUND", "This conversation no longer exists.");
    throw error;
  }
}

export interface ApiMessagePage {
  conversationId: string;
  status: ConversationStatus;
  messages: ApiMessage[];
  /** Pass as `after` to read on; equal to the request's `after` when there was nothing new. */
  nextAfter: number;
}

/** The conversation's messages after a seq, including what people of the team wrote after a handoff; internal notes are left out. */
export async function listApiMessages(deps: WorkflowApiDeps, input: { caller: ApiKeyCaller; conversationId: string; query: ListMessagesQuery }): Promise<ApiMessagePage> {
  const conversation = await findApiConversation(deps.db, input.caller, input.conversationId);
  const messages = (await listMessagesAfter(deps.pool, conversation.id, input.query.after, input.query.limit)).map(toWidgetMessage);
  return { conversationId: conversation.id, status: conversation.status, messages, nextAfter: messages.at(-1)?.seq ?? input.query.after };
}
