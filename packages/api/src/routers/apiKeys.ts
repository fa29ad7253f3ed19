import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../apiKeys/apiKeys";
import { adminProcedure, router } from "../trpc";
import { storableText } from "../schemas";

const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

/** Workflow-API keys (Enterprise). Owners and admins; the key itself is returned once, by `create`. */
export const apiKeysRouter = router({
  list: adminProcedure.output(z.array(apiKeySchema)).query(({ ctx }) => listApiKeys(ctx.db, ctx.workspace.id)),

  create: adminProcedure
    .input(z.object({ name: storableText("The name").trim().min(1, { error: "Give the key a name (what uses it)." }).max(60, { error: "Names are limited to 60 characters." }) }))
    .output(z.object({ key: z.string(), apiKey: apiKeySchema }))
    .mutation(({ ctx, input }) => createApiKey(ctx.db, { workspaceId: ctx.workspace.id, plan: ctx.workspace.plan, userId: ctx.user.userId, name: input.name })),

  revoke: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.userId, apiKeyId: input.id, now: ctx.now() })),
});
