import { z } from "zod";
import { createBot, deleteBot, getBotSummary, listBots, renameBot } from "../bots/bots";
import { adminProcedure, memberProcedure, router } from "../trpc";
import { botNameSchema, storableText } from "../schemas";
import { getWidgetSettings, updateWidgetSettings } from "../bots/widgetSettings";
import { MAX_SESSION_TIMEOUT_MINUTES, readSessionTimeout, setSessionTimeout } from "../bots/sessionTimeout";
import { widgetThemeSchema } from "../widget/theme";

const widgetSettingsSchema = z.object({
  publicKey: z.string(),
  allowedOrigins: z.array(z.string()),
  theme: widgetThemeSchema,
  whiteLabel: z.boolean(),
  canWhiteLabel: z.boolean(),
});

const botSchema = z.object({
  id: z.string(),
  name: z.string(),
  publicKey: z.string(),
  allowedOrigins: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** null: not live (no published flow is active). */
  liveVersion: z.number().int().nullable(),
  hasDraftChanges: z.boolean(),
});

export const botsRouter = router({
  list: memberProcedure.output(z.array(botSchema)).query(({ ctx }) => listBots(ctx.db, ctx.workspace.id)),

  get: memberProcedure
    .input(z.object({ botId: z.uuid() }))
    .output(botSchema)
    .query(({ ctx, input }) => getBotSummary(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId })),

  create: adminProcedure
    .input(z.object({ name: botNameSchema }))
    .output(botSchema)
    .mutation(({ ctx, input }) => createBot(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.userId, name: input.name })),

  rename: adminProcedure
    .input(z.object({ botId: z.uuid(), name: botNameSchema }))
    .output(botSchema)
    .mutation(({ ctx, input }) => renameBot(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId, name: input.name })),

  delete: adminProcedure
    .input(z.object({ botId: z.uuid(), confirmName: z.string().max(200) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteBot(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.userId, botId: input.botId, confirmName: input.confirmName });
      return { ok: true as const };
    }),

  /** The Install page: snippet key, allowed websites, theme. */
  widgetSettings: adminProcedure
    .input(z.object({ botId: z.uuid() }))
    .output(widgetSettingsSchema)
    .query(({ ctx, input }) => getWidgetSettings(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId, plan: ctx.workspace.plan })),

  updateWidgetSettings: adminProcedure
    .input(z.object({ botId: z.uuid(), allowedOrigins: z.array(storableText("A website address").max(300)).max(200), theme: widgetThemeSchema, whiteLabel: z.boolean() }))
    .output(widgetSettingsSchema)
    .mutation(({ ctx, input }) =>
      updateWidgetSettings(ctx.db, { ...input, workspaceId: ctx.workspace.id, userId: ctx.user.userId, plan: ctx.workspace.plan }),
    ),

  /** Minutes a visitor may be away and come back to the same conversation; past them, and with a newer version live, they start fresh on it. */
  sessionTimeout: memberProcedure
    .input(z.object({ botId: z.uuid() }))
    .output(z.object({ minutes: z.number().int() }))
    .query(async ({ ctx, input }) => ({ minutes: await readSessionTimeout(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId }) })),

  setSessionTimeout: adminProcedure
    .input(
      z.object({
        botId: z.uuid(),
        minutes: z
          .int({ error: "Enter a whole number of minutes." })
          .min(1, { error: "Enter at least 1 minute." })
          .max(MAX_SESSION_TIMEOUT_MINUTES, { error: `Enter at most ${MAX_SESSION_TIMEOUT_MINUTES} minutes (a week).` }),
      }),
    )
    .output(z.object({ minutes: z.number().int() }))
    .mutation(async ({ ctx, input }) => ({
      minutes: await setSessionTimeout(ctx.pool, { workspaceId: ctx.workspace.id, botId: input.botId, userId: ctx.user.userId, minutes: input.minutes }),
    })),
});
