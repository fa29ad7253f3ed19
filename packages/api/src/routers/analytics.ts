import { z } from "zod";
import { entitlementsOf } from "@chatwright/billing";
import { ANALYTICS_PERIODS, readBotAnalytics } from "../analytics/readBotAnalytics";
import { DomainError } from "../errors";
import { adminProcedure, router } from "../trpc";

export const ANALYTICS_UPGRADE_MESSAGE = "Analytics are part of the Pro plan. Upgrade to see how your bot is doing.";

const countSchema = z.number().int().nonnegative();
const stepSchema = { nodeId: z.string(), title: z.string(), label: z.string().nullable() };

const botAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  totals: z.object({
    conversations: countSchema,
    engagedConversations: countSchema,
    visitorMessages: countSchema,
    handedOff: countSchema,
    leftUnanswered: countSchema,
    handledByBot: countSchema,
    automationRate: z.number().nullable(),
    unanswered: countSchema,
    unansweredConversations: countSchema,
  }),
  daily: z.array(
    z.object({
      day: z.string(),
      conversations: countSchema,
      engagedConversations: countSchema,
      handledByBot: countSchema,
      handedOff: countSchema,
      leftUnanswered: countSchema,
      visitorMessages: countSchema,
      ratings: countSchema,
      averageRating: z.number().nullable(),
    }),
  ),
  nodes: z.array(z.object({ ...stepSchema, handle: z.string(), count: countSchema, isMiss: z.boolean() })),
  unansweredQuestions: z.array(z.object({ text: z.string(), count: countSchema, lastAskedAt: z.string() })),
  topIntents: z.object({ recognised: countSchema, notRecognised: countSchema, intents: z.array(z.object({ name: z.string(), count: countSchema })) }),
  dropOffs: z.array(z.object({ ...stepSchema, type: z.string(), stopped: countSchema, afterUnanswered: countSchema, reached: countSchema })),
  ratings: z.object({
    count: countSchema,
    average: z.number().nullable(),
    distribution: z.array(z.object({ rating: z.number().int(), count: countSchema })),
    recentComments: z.array(z.object({ conversationId: z.string(), rating: z.number().int(), comment: z.string(), at: z.string() })),
  }),
});

const dayCountSchema = z.union([z.literal(7), z.literal(30), z.literal(90)], { error: `Choose a period of ${ANALYTICS_PERIODS.join(", ")} days.` });

export const analyticsRouter = router({
  /**
   * A bot's conversations over the last 7, 30 or 90 days (Pro and up): activity per day, how many the bot handled on its own,
   * node outcomes, top intents, where visitors stopped, the questions it could not answer and the visitors' ratings.
   */
  bot: adminProcedure
    .input(z.object({ botId: z.uuid(), days: dayCountSchema }))
    .output(botAnalyticsSchema)
    .query(({ ctx, input }) => {
      if (!entitlementsOf(ctx.workspace.plan).canUseAnalytics) {
        throw new DomainError("PRECONDITION_FAILED", ANALYTICS_UPGRADE_MESSAGE, { reason: "planRequired", plan: ctx.workspace.plan });
      }
      return readBotAnalytics(ctx.db, ctx.pool, { workspaceId: ctx.workspace.id, botId: input.botId, days: input.days, now: ctx.now() });
    }),
});
