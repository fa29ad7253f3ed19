import { z } from "zod";
import { PURCHASABLE_PLANS } from "@chatwright/billing";
import { changeWorkspacePlan, checkoutWorkspacePlan, openWorkspaceBillingPortal, previewWorkspacePlanChange, readBillingStatus } from "../billing/billing";
import { requestEnterprise } from "../billing/requestEnterprise";
import { planSchema, storableText } from "../schemas";
import { ownerProcedure, router } from "../trpc";

const redirectSchema = z.object({ url: z.url() });

export const billingRouter = router({
  /** Plan, subscription state and this month's visitor messages against the plan's quota. */
  status: ownerProcedure
    .output(
      z.object({
        isConfigured: z.boolean(),
        plan: planSchema,
        planName: z.string(),
        priceUsdPerMonth: z.number().nullable(),
        subscriptionStatus: z.string().nullable(),
        hasCustomer: z.boolean(),
        hasSubscription: z.boolean(),
        usage: z.object({ month: z.string(), visitorMessages: z.number().int(), quota: z.number().int().nullable() }),
        incidents: z.array(
          z.object({
            kind: z.enum(["refund", "dispute"]),
            amount: z.number().int(),
            currency: z.string(),
            status: z.string(),
            reason: z.string().nullable(),
            createdAt: z.date(),
            updatedAt: z.date(),
          }),
        ),
        enterpriseRequest: z.object({ createdAt: z.date(), contactName: z.string(), email: z.string() }).nullable(),
      }),
    )
    .query(({ ctx }) => readBillingStatus(ctx, ctx.workspace.id)),

  /** Opens Stripe Checkout for Starter or Pro; the dashboard redirects to the URL. */
  checkout: ownerProcedure
    .input(z.object({ plan: z.enum(PURCHASABLE_PLANS) }))
    .output(redirectSchema)
    .mutation(({ ctx, input }) => checkoutWorkspacePlan(ctx, { workspaceId: ctx.workspace.id, plan: input.plan, ownerEmail: ctx.user.email })),

  /** What switching the subscription to another plan costs today (prorated); nothing changes. */
  previewPlanChange: ownerProcedure
    .input(z.object({ plan: z.enum(PURCHASABLE_PLANS) }))
    .output(
      z.object({
        plan: z.enum(PURCHASABLE_PLANS),
        currency: z.string(),
        amountDueNow: z.number().int(),
        prorationTotal: z.number().int(),
        lines: z.array(z.object({ description: z.string(), amount: z.number().int() })),
      }),
    )
    .query(({ ctx, input }) => previewWorkspacePlanChange(ctx, { workspaceId: ctx.workspace.id, plan: input.plan })),

  /** Switches the subscription's plan now (prorated, invoiced at once); the new plan applies at once. */
  changePlan: ownerProcedure
    .input(z.object({ plan: z.enum(PURCHASABLE_PLANS) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await changeWorkspacePlan(ctx, { workspaceId: ctx.workspace.id, plan: input.plan });
      return { ok: true as const };
    }),

  /** Asks for the Enterprise plan: stored, and the operator is told (notifyOperator). */
  requestEnterprise: ownerProcedure
    .input(
      z.object({
        contactName: storableText("Your name").trim().min(1, { error: "Tell us your name." }).max(200),
        email: z.email({ error: "Enter an email address we can answer." }).max(320),
        phone: storableText("The phone number").trim().max(50).optional(),
        message: storableText("The message").trim().min(1, { error: "Tell us a little about what you need." }).max(4000),
      }),
    )
    .output(z.object({ createdAt: z.date(), isOperatorNotified: z.boolean() }))
    .mutation(({ ctx, input }) =>
      requestEnterprise({ db: ctx.db, now: ctx.now, notifyOperator: ctx.notifyOperator }, { ...input, phone: input.phone === "" ? undefined : input.phone, workspaceId: ctx.workspace.id, userId: ctx.user.userId }),
    ),

  /** Opens the Stripe customer portal (change plan, card, invoices, cancel). */
  portal: ownerProcedure.output(redirectSchema).mutation(({ ctx }) => openWorkspaceBillingPortal(ctx, { workspaceId: ctx.workspace.id })),
});
