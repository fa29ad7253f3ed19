import { tracked } from "@trpc/server";
import { z } from "zod";
import { openWidgetConversation, rateWidgetConversation, sendWidgetMessage, streamWidgetConversation, takeRateLimit } from "../widget/widget";
import { widgetThemeSchema } from "../widget/theme";
import { router, widgetProcedure } from "../trpc";
import { storableText } from "../schemas";

/** Random id the widget keeps in localStorage; it is what ties a browser to its conversation. */
const visitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "The visitor id is malformed." });
const statusSchema = z.enum(["BOT", "WAITING_AGENT", "AGENT", "CLOSED"]);
const messageSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  role: z.enum(["VISITOR", "BOT", "AGENT", "SYSTEM"]),
  text: z.string(),
  clientMessageId: z.string().nullable(),
  nodeId: z.string().nullable(),
  quickReplies: z.array(z.string()),
  sources: z.array(z.string()).optional(),
  createdAt: z.string(),
});
// Large enough to reach the domain check, which answers PAYLOAD_TOO_LARGE in plain words.
const MAX_TEXT_INPUT = 100_000;

export const widgetRouter = router({
  /** Theme and branding, fetched before the launcher shows. */
  config: widgetProcedure
    .output(z.object({ theme: widgetThemeSchema, whiteLabel: z.boolean(), hasPublishedFlow: z.boolean() }))
    .query(({ ctx }) => ({ theme: ctx.bot.theme, whiteLabel: ctx.bot.whiteLabel, hasPublishedFlow: ctx.bot.activeFlowId !== null })),

  /** Resumes the visitor's conversation or starts one (`conversationId: null` = start over). */
  init: widgetProcedure
    .input(
      z.object({
        visitorId: visitorIdSchema,
        conversationId: z.uuid().nullable(),
        visitor: z.object({ name: storableText("The name").trim().max(80).optional(), email: z.email().max(254).optional() }).optional(),
      }),
    )
    .output(z.object({ conversationId: z.string(), status: statusSchema, messages: z.array(messageSchema), lastSeq: z.number().int(), isNew: z.boolean() }))
    .mutation(({ ctx, input }) =>
      openWidgetConversation(ctx, {
        bot: ctx.bot,
        ip: ctx.request.ip,
        visitorId: input.visitorId,
        conversationId: input.conversationId,
        visitor: input.visitor ?? {},
      }),
    ),

  /** Idempotent on clientMessageId: a resend after a lost response stores and answers once. */
  send: widgetProcedure
    .input(
      z.object({
        visitorId: visitorIdSchema,
        conversationId: z.uuid(),
        clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "The message id is malformed." }),
        text: storableText("The message").max(MAX_TEXT_INPUT, { error: "Messages are limited to 4000 characters." }),
      }),
    )
    .output(z.object({ status: statusSchema, messages: z.array(messageSchema) }))
    .mutation(({ ctx, input }) => sendWidgetMessage(ctx, { bot: ctx.bot, ip: ctx.request.ip, ...input })),

  /**
   * The conversation's outbound events. Messages are tracked by their seq:
   * reconnecting with `lastEventId` replays exactly what was missed.
   */
  subscribe: widgetProcedure
    .input(z.object({ visitorId: visitorIdSchema, conversationId: z.uuid(), lastEventId: z.string().regex(/^\d{1,10}$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      await takeRateLimit(ctx.widget, [{ key: `ip:${ctx.request.ip}`, rule: ctx.widget.limits.ip }], ctx.now());
      const events = streamWidgetConversation(ctx, {
        bot: ctx.bot,
        visitorId: input.visitorId,
        conversationId: input.conversationId,
        afterSeq: Number(input.lastEventId ?? 0),
        signal,
      });
      for await (const { id, event } of events) {
        if (id === null) yield event;
        else yield tracked(id, event);
      }
    }),

  rate: widgetProcedure
    .input(z.object({ visitorId: visitorIdSchema, conversationId: z.uuid(), rating: z.number().int().min(1).max(5), comment: storableText("The comment").trim().max(1000).nullish() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await rateWidgetConversation(ctx.db, { bot: ctx.bot, visitorId: input.visitorId, conversationId: input.conversationId, rating: input.rating, comment: input.comment ?? null });
      return { ok: true as const };
    }),
});
