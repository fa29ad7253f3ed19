import { z } from "zod";
import { createWorkspace, renameWorkspace } from "../workspaces/workspaces";
import { deleteWorkspace } from "../workspaces/deleteWorkspace";
import { acceptInvitation, changeMemberRole, inviteMember, listMembers, removeMember } from "../workspaces/members";
import { readMonthlyUsage } from "@chatwright/runtime";
import { readLlmKeyStatus, removeLlmKey, setLlmKey } from "../workspaces/llmKey";
import { adminProcedure, authedProcedure, memberProcedure, ownerProcedure, router } from "../trpc";
import { emailSchema, planSchema, roleSchema, storableText, workspaceNameSchema } from "../schemas";

const workspaceSchema = z.object({ id: z.string(), name: z.string(), plan: planSchema, role: roleSchema });
const memberSchema = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: roleSchema });
const ok = z.object({ ok: z.literal(true) });
const llmKeyStatusSchema = z.object({ isSet: z.boolean(), last4: z.string().nullable(), setAt: z.date().nullable() });

export const workspacesRouter = router({
  create: authedProcedure
    .input(z.object({ name: workspaceNameSchema }))
    .output(workspaceSchema)
    .mutation(({ ctx, input }) => createWorkspace(ctx.db, { userId: ctx.user.userId, name: input.name })),

  rename: ownerProcedure
    .input(z.object({ name: workspaceNameSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await renameWorkspace(ctx.db, { workspaceId: ctx.workspace.id, name: input.name });
      return { ok: true as const };
    }),

  /** What the workspace's AI spent this calendar month (UTC): reply calls and tokens, embedding calls and tokens, list-price cost of both. */
  usage: adminProcedure
    .output(
      z.object({
        month: z.string(),
        llmCalls: z.number(),
        promptTokens: z.number(),
        completionTokens: z.number(),
        embeddingCalls: z.number(),
        embeddingTokens: z.number(),
        costUsd: z.number(),
      }),
    )
    .query(({ ctx }) => readMonthlyUsage(ctx.pool, { workspaceId: ctx.workspace.id, at: ctx.now() })),

  /** Whether the workspace's own OpenRouter key is set ("ends with …abcd"); the key itself is never returned. */
  llmKey: adminProcedure.output(llmKeyStatusSchema).query(({ ctx }) => readLlmKeyStatus(ctx.db, ctx.workspace.id)),

  /** Enterprise: the workspace's own OpenRouter key, stored sealed (AES-256-GCM); its flows' LLM calls use it. */
  setLlmKey: ownerProcedure
    .input(z.object({ key: storableText("The API key").trim().min(8, { error: "This does not look like an API key." }).max(500).regex(/^\S+$/, { error: "An API key has no spaces." }) }))
    .output(llmKeyStatusSchema)
    .mutation(({ ctx, input }) => setLlmKey(ctx.db, ctx.secrets, { workspaceId: ctx.workspace.id, plan: ctx.workspace.plan, userId: ctx.user.userId, key: input.key, now: ctx.now() })),

  removeLlmKey: ownerProcedure
    .output(llmKeyStatusSchema)
    .mutation(({ ctx }) => removeLlmKey(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.userId })),

  members: memberProcedure.output(z.array(memberSchema)).query(({ ctx }) => listMembers(ctx.db, ctx.workspace.id)),

  invite: ownerProcedure
    .input(z.object({ email: emailSchema, role: roleSchema }))
    .output(z.object({ token: z.string(), expiresAt: z.date(), isEmailed: z.boolean() }))
    .mutation(({ ctx, input }) =>
      inviteMember(ctx.db, ctx.mail, { workspaceId: ctx.workspace.id, invitedById: ctx.user.userId, email: input.email, role: input.role, now: ctx.now() }),
    ),

  acceptInvitation: authedProcedure
    .input(z.object({ token: storableText("The invitation link").min(10).max(200) }))
    .output(z.object({ workspaceId: z.string(), role: roleSchema }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, { token: input.token, userId: ctx.user.userId, email: ctx.user.email, now: ctx.now() })),

  changeRole: ownerProcedure
    .input(z.object({ userId: z.uuid(), role: roleSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await changeMemberRole(ctx.db, { workspaceId: ctx.workspace.id, userId: input.userId, role: input.role });
      return { ok: true as const };
    }),

  removeMember: ownerProcedure
    .input(z.object({ userId: z.uuid() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.db, { workspaceId: ctx.workspace.id, userId: input.userId });
      return { ok: true as const };
    }),

  /** Deletes the workspace and everything in it; the owner types its name again. */
  delete: ownerProcedure
    .input(z.object({ confirmName: z.string().max(200) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteWorkspace(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.userId, confirmName: input.confirmName });
      return { ok: true as const };
    }),
});
