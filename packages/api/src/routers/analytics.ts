import { z } from "zod";
import { entitlementsOf } from "@chatwright/billing";
import { ANALYTICS_PERIODS, readBotAnalytics } from "../analytics/readBotAnalytics";
import { DomainError } from "../errors";
import { adminProcedure, router } from "../trpc";

export const ANALYTICS_UPGRADE_MESSAGE = "Analytics are part of the Pro plan. Upgrade to see how your bot is doing.";

const dayCountSchema = z.union([z.literal(7), z.literal(30), z.literal(90)], { error: `Choose a period of ${ANALYTICS_PERIODS.join(", ")} days.` });

export const analyticsRouter = router({
  /** A bot's conversations, automation rate, node outcomes and unanswered questions over the last 7, 30 or 90 days (Pro and up). */
  bot: adminProcedure.input(z.object({ botId: z.uuid(), days: dayCountSchema })).query(({ ctx, input }) => {
    if (!entitlementsOf(ctx.workspace.plan).canUseAnalytics) {
      throw new DomainError("PRECONDITION_FAILED", ANALYTICS_UPGRADE_MESSAGE, { reason: "planRequired", plan: ctx.workspace.plan });
    }
    return readBotAnalytics(ctx.db, ctx.pool, { workspaceId: ctx.workspace.id, botId: input.botId, days: input.days, now: ctx.now() });
  }),
});
