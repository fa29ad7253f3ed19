import { z } from "zod";
import {
  addInboxNote,
  assignInboxConversation,
  claimInboxConversation,
  exportTranscripts,
  getInboxConversation,
  listAgents,
  listInbox,
  markInboxRead,
  releaseInboxConversation,
  replyToVisitor,
  streamInboxEvents,
} from "../inbox/inbox";
import { memberProcedure, router } from "../trpc";
import { storableText } from "../schemas";

const statusSchema = z.enum(["BOT", "WAITING_AGENT", "AGENT", "CLOSED"]);
const queueSchema = z.enum(["waiting", "mine", "open", "resolved"]);
const assigneeSchema = z.object({ userId: z.string(), name: z.string() }).nullable();
const textSchema = storableText("The message").max(100_000);
const claimSchema = z.object({ conversationId: z.string(), status: statusSchema, assignedAgentId: z.string() });
const releaseSchema = z.object({ status: statusSchema });
const messageSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  role: z.enum(["VISITOR", "BOT", "AGENT", "SYSTEM"]),
  text: z.string(),
  isInternal: z.boolean(),
  authorName: z.string().nullable(),
  sources: z.array(z.string()),
  createdAt: z.date(),
});
const conversationInput = z.object({ conversationId: z.uuid() });

/** The agents' inbox: every procedure is scoped to the caller's workspace; agents may use all of it. */
export const inboxRouter = router({
  list: memberProcedure
    .input(z.object({ queue: queueSchema, botId: z.uuid().nullish(), search: storableText("The search").max(200).nullish() }))
    .output(
      z.object({
        conversations: z.array(
          z.object({
            conversationId: z.string(),
            botId: z.string(),
            botName: z.string(),
            visitorId: z.string(),
            visitorName: z.string().nullable(),
            status: statusSchema,
            assignee: assigneeSchema,
            lastVisitorMessage: z.object({ text: z.string(), sentAt: z.date() }).nullable(),
            waitingSince: z.date().nullable(),
            unreadCount: z.number().int(),
            updatedAt: z.date(),
          }),
        ),
        counts: z.object({ waiting: z.number().int(), mine: z.number().int(), open: z.number().int(), resolved: z.number().int() }),
      }),
    )
    .query(({ ctx, input }) =>
      listInbox(ctx.pool, { workspaceId: ctx.workspace.id, userId: ctx.user.userId, queue: input.queue, botId: input.botId ?? null, search: input.search ?? null }),
    ),

  get: memberProcedure
    .input(conversationInput)
    .output(
      z.object({
        conversationId: z.string(),
        botId: z.string(),
        botName: z.string(),
        visitorId: z.string(),
        visitorName: z.string().nullable(),
        status: statusSchema,
        assignee: assigneeSchema,
        variables: z.record(z.string(), z.string()),
        matchedIntent: z.string().nullable(),
        activeNodeId: z.string().nullable(),
        lastSeq: z.number().int(),
        createdAt: z.date(),
        waitingSince: z.date().nullable(),
        messages: z.array(messageSchema),
      }),
    )
    .query(({ ctx, input }) => getInboxConversation(ctx.db, { workspaceId: ctx.workspace.id, conversationId: input.conversationId })),

  agents: memberProcedure
    .output(z.array(z.object({ userId: z.string(), name: z.string(), role: z.enum(["OWNER", "ADMIN", "AGENT"]), presence: z.enum(["online", "away", "offline"]) })))
    .query(({ ctx }) => listAgents(ctx, ctx.workspace.id)),

  claim: memberProcedure
    .input(conversationInput)
    .output(claimSchema)
    .mutation(({ ctx, input }) => claimInboxConversation(ctx.runtime, { workspaceId: ctx.workspace.id, conversationId: input.conversationId, userId: ctx.user.userId })),

  assign: memberProcedure
    .input(conversationInput.extend({ assigneeUserId: z.uuid() }))
    .output(claimSchema)
    .mutation(({ ctx, input }) =>
      assignInboxConversation(ctx, { workspaceId: ctx.workspace.id, conversationId: input.conversationId, assigneeUserId: input.assigneeUserId, byUserId: ctx.user.userId }),
    ),

  reply: memberProcedure
    .input(conversationInput.extend({ text: textSchema, clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).nullish() }))
    .output(z.object({ id: z.string(), seq: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const message = await replyToVisitor(ctx.runtime, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId,
        userId: ctx.user.userId,
        text: input.text,
        clientMessageId: input.clientMessageId ?? null,
      });
      return { id: message.id, seq: message.seq };
    }),

  note: memberProcedure
    .input(conversationInput.extend({ text: textSchema }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const note = await addInboxNote(ctx.runtime, { workspaceId: ctx.workspace.id, conversationId: input.conversationId, userId: ctx.user.userId, text: input.text });
      return { id: note.id };
    }),

  resolve: memberProcedure
    .input(conversationInput)
    .output(releaseSchema)
    .mutation(async ({ ctx, input }) => {
      const turn = await releaseInboxConversation(ctx.runtime, { workspaceId: ctx.workspace.id, conversationId: input.conversationId, userId: ctx.user.userId, outcome: "resolved" });
      return { status: turn.status };
    }),

  returnToBot: memberProcedure
    .input(conversationInput)
    .output(releaseSchema)
    .mutation(async ({ ctx, input }) => {
      const turn = await releaseInboxConversation(ctx.runtime, { workspaceId: ctx.workspace.id, conversationId: input.conversationId, userId: ctx.user.userId, outcome: "returned" });
      return { status: turn.status };
    }),

  markRead: memberProcedure
    .input(conversationInput)
    .output(z.object({ lastReadSeq: z.number().int() }))
    .mutation(({ ctx, input }) => markInboxRead(ctx.db, { workspaceId: ctx.workspace.id, conversationId: input.conversationId, userId: ctx.user.userId })),

  /** Every ~20 s while the inbox is open; an agent not heard from for 45 s is offline. */
  heartbeat: memberProcedure
    .input(z.object({ state: z.enum(["online", "away"]) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.presence.heartbeat({ workspaceId: ctx.workspace.id, userId: ctx.user.userId, state: input.state });
      return { ok: true as const };
    }),

  exportTranscript: memberProcedure
    .input(z.object({ conversationId: z.uuid().nullish(), from: z.coerce.date().nullish(), to: z.coerce.date().nullish(), format: z.enum(["csv", "json"]) }))
    .output(z.object({ fileName: z.string(), content: z.string() }))
    .query(({ ctx, input }) =>
      exportTranscripts(ctx.db, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId ?? null,
        from: input.from ?? null,
        to: input.to ?? null,
        format: input.format,
        now: ctx.now(),
      }),
    ),

  /** Live inbox notices (handoffs, messages, claims, notes, releases); clients refetch what they show. */
  events: memberProcedure.subscription(async function* ({ ctx, signal }) {
    for await (const event of streamInboxEvents(ctx.publisher, { workspaceId: ctx.workspace.id, signal })) {
      yield { conversationId: event.conversationId, status: event.status, reason: event.reason };
    }
  }),
});
