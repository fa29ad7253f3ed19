import { z } from "zod";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, sendTestWebhookEvent } from "../webhooks/webhooks";
import { webhookEventTypeSchema } from "../webhooks/webhookEvents";
import { adminProcedure, router } from "../trpc";

const endpointSchema = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), createdAt: z.date() });
const deliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventType: z.string(),
  /** PENDING (next attempt scheduled), SUCCEEDED or FAILED (given up after 5 attempts). */
  status: z.string(),
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastAttemptAt: z.date().nullable(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});

/** Outgoing webhooks (Enterprise; docs/workflow-api.md). Owners and admins; the signing secret is returned once, by `create`. */
export const webhooksRouter = router({
  list: adminProcedure.output(z.array(endpointSchema)).query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.workspace.id)),

  deliveries: adminProcedure
    .input(z.object({ endpointId: z.uuid().optional(), limit: z.number().int().min(1).max(100).default(20) }))
    .output(z.array(deliverySchema))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, { workspaceId: ctx.workspace.id, limit: input.limit, ...(input.endpointId ? { endpointId: input.endpointId } : {}) })),

  create: adminProcedure
    .input(
      z.object({
        url: z.string().trim().min(1, { error: "Enter your endpoint's address." }).max(2000, { error: "Addresses are limited to 2,000 characters." }),
        events: z.array(webhookEventTypeSchema).min(1, { error: "Choose at least one event." }),
      }),
    )
    .output(z.object({ secret: z.string(), endpoint: endpointSchema }))
    .mutation(({ ctx, input }) =>
      createWebhookEndpoint(ctx.db, ctx.webhooks ?? { allowPrivate: false }, { workspaceId: ctx.workspace.id, plan: ctx.workspace.plan, userId: ctx.user.userId, url: input.url, events: input.events }),
    ),

  remove: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWebhookEndpoint(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.userId, endpointId: input.id });
      return { ok: true as const };
    }),

  sendTest: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .output(deliverySchema)
    .mutation(({ ctx, input }) => sendTestWebhookEvent(ctx.db, { workspaceId: ctx.workspace.id, plan: ctx.workspace.plan, endpointId: input.id, now: ctx.now() })),
});
