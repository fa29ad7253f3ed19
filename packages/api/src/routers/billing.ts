import { z } from "zod";
import { PURCHASABLE_PLANS } from "@chatwright/billing";
import { checkoutWorkspacePlan, openWorkspaceBillingPortal, readBillingStatus } from "../billing/billing";
import { planSchema } from "../schemas";
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
      }),
    )
    .query(({ ctx }) => readBillingStatus(ctx, ctx.workspace.id)),

  /** Opens Stripe Checkout for Starter or Pro; the dashboard redirects to the URL. */
  checkout: ownerProcedure
    .input(z.object({ plan: z.enum(PURCHASABLE_PLANS) }))
    .output(redirectSchema)
    .mutation(({ ctx, input }) => checkoutWorkspacePlan(ctx, { workspaceId: ctx.workspace.id, plan: input.plan, ownerEmail: ctx.user.email })),

  /** Opens the Stripe customer portal (change plan, card, invoices, cancel). */
  portal: ownerProcedure.output(redirectSchema).mutation(({ ctx }) => openWorkspaceBillingPortal(ctx, { workspaceId: ctx.workspace.id })),
});
