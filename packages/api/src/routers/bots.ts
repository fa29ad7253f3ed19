import { z } from "zod";
import { createBot, deleteBot, getBot, listBots, renameBot } from "../bots/bots";
import { adminProcedure, memberProcedure, router } from "../trpc";
import { botNameSchema } from "../schemas";

const botSchema = z.object({
  id: z.string(),
  name: z.string(),
  publicKey: z.string(),
  allowedOrigins: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const botsRouter = router({
  list: memberProcedure.output(z.array(botSchema)).query(({ ctx }) => listBots(ctx.db, ctx.workspace.id)),

  get: memberProcedure
    .input(z.object({ botId: z.uuid() }))
    .output(botSchema)
    .query(({ ctx, input }) => getBot(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId })),

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
});
