import { z } from "zod";
import { signUp } from "../auth/sign-up";
import { signIn } from "../auth/sign-in";
import { deleteSession } from "../auth/sessions";
import { deleteAccount } from "../auth/deleteAccount";
import { listMyWorkspaces } from "../workspaces/workspaces";
import { authedProcedure, publicProcedure, router } from "../trpc";
import { emailSchema, passwordSchema, personNameSchema, planSchema, roleSchema, storableText, workspaceNameSchema } from "../schemas";

const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), plan: planSchema, role: roleSchema })),
});

const signedInSchema = z.object({ userId: z.string() });

export const authRouter = router({
  signUp: publicProcedure
    .input(z.object({ email: emailSchema, password: passwordSchema, name: personNameSchema, workspaceName: workspaceNameSchema.optional() }))
    .output(signedInSchema.extend({ workspaceId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const result = await signUp(ctx.db, input, { now: ctx.now(), userAgent: ctx.request.userAgent });
      ctx.cookies.set(result.token, result.expiresAt);
      return { userId: result.userId, workspaceId: result.workspaceId };
    }),

  signIn: publicProcedure
    .input(z.object({ email: storableText("The email address").max(254), password: z.string().max(200) }))
    .output(signedInSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await signIn(ctx.db, input, {
        now: ctx.now(),
        ip: ctx.request.ip,
        userAgent: ctx.request.userAgent,
        previousToken: ctx.cookies.read(),
        throttle: ctx.throttle,
      });
      ctx.cookies.set(result.token, result.expiresAt);
      return { userId: result.userId };
    }),

  signOut: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    const token = ctx.cookies.read();
    if (token) await deleteSession(ctx.db, token);
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  me: authedProcedure.output(meSchema).query(async ({ ctx }) => ({
    user: { id: ctx.user.userId, email: ctx.user.email, name: ctx.user.name },
    workspaces: await listMyWorkspaces(ctx.db, ctx.user.userId),
  })),

  /**
   * Deletes the signed-in account (password required): every session of it
   * is revoked, and workspaces where it was the only member go with it.
   */
  deleteAccount: authedProcedure
    .input(z.object({ password: z.string().min(1, { error: "Enter your password." }).max(200) }))
    .output(z.object({ deletedWorkspaceIds: z.array(z.string()), leftWorkspaceIds: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const result = await deleteAccount(ctx.db, { userId: ctx.user.userId, password: input.password });
      ctx.cookies.clear();
      return result;
    }),
});
