import { z } from "zod";
import { signUp } from "../auth/sign-up";
import { signIn } from "../auth/sign-in";
import { deleteSession } from "../auth/sessions";
import { deleteAccount } from "../auth/deleteAccount";
import { isPasswordResetTokenValid, requestPasswordReset, resetPassword } from "../auth/passwordReset";
import { changePassword } from "../auth/changePassword";
import { notifySignInLocked } from "../auth/notifySignInLocked";
import { listMyWorkspaces } from "../workspaces/workspaces";
import { authedProcedure, publicProcedure, router } from "../trpc";
import { emailSchema, passwordSchema, personNameSchema, planSchema, roleSchema, storableText, workspaceNameSchema } from "../schemas";

const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), plan: planSchema, role: roleSchema })),
});

const signedInSchema = z.object({ userId: z.string() });
const ok = z.object({ ok: z.literal(true) });
const resetTokenSchema = storableText("The reset link").min(10).max(200);

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
        onEmailLocked: (lockout) => notifySignInLocked(ctx.mail, lockout),
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

  /**
   * "Forgot your password?": emails a one-hour, single-use reset link when the
   * address has an account. The answer is the same either way.
   */
  requestPasswordReset: publicProcedure
    .input(z.object({ email: emailSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset(ctx.db, { mail: ctx.mail, limiter: ctx.widget.limiter }, { email: input.email, ip: ctx.request.ip, now: ctx.now() });
      return { ok: true as const };
    }),

  /** Whether a reset link still works, so its page can say so before asking for a password. */
  passwordResetStatus: publicProcedure
    .input(z.object({ token: resetTokenSchema }))
    .output(z.object({ isValid: z.boolean() }))
    .query(async ({ ctx, input }) => ({ isValid: await isPasswordResetTokenValid(ctx.db, { token: input.token, now: ctx.now() }) })),

  /** Sets a new password with a reset link (once); every session of the account is signed out, so the person signs in again. */
  resetPassword: publicProcedure
    .input(z.object({ token: resetTokenSchema, password: passwordSchema }))
    .output(z.object({ email: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const result = await resetPassword(ctx.db, { token: input.token, password: input.password, now: ctx.now() });
      ctx.cookies.clear();
      return result;
    }),

  /** The signed-in user's new password (current one required); their other sessions are signed out and a confirmation is emailed. */
  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string().min(1, { error: "Enter your current password." }).max(200), newPassword: passwordSchema }))
    .output(z.object({ isEmailed: z.boolean() }))
    .mutation(({ ctx, input }) =>
      changePassword(ctx.db, ctx.mail, { userId: ctx.user.userId, sessionId: ctx.user.sessionId, currentPassword: input.currentPassword, newPassword: input.newPassword, now: ctx.now() }),
    ),

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
