import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Db, Plan } from "@chatwright/db";
import { enforcePlanOnBots } from "@chatwright/api";
import { notifyPaymentFailed, type MailServices } from "@chatwright/api";
import { applyStripeEvent, constructStripeEvent, type StripeBilling } from "@chatwright/billing/stripe";

/** Stripe's events are a few KB; anything much larger is not one. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * POST /stripe/webhook: Stripe's deliveries. The signature covers the exact
 * bytes Stripe sent, so this route (in its own plugin scope) takes the body
 * as a raw Buffer instead of parsed JSON. A missing, forged or stale
 * signature is answered 400 and changes nothing; a verified event is applied
 * once (replays answer 200 and do nothing); a failure while applying answers
 * 500 so Stripe retries later. A failed payment emails the workspace's
 * owners (once per event) after it is recorded. Once a plan is applied, bots
 * whose flow it no longer runs fall back to the FAQ bot (enforcePlanOnBots).
 */
export async function registerStripeWebhook(app: FastifyInstance, deps: { db: Db; billing: StripeBilling | null | undefined; mail?: MailServices | null | undefined }): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.post("/stripe/webhook", async (req, reply) => {
      const { billing } = deps;
      if (!billing) return reply.code(503).send({ error: "Billing is not configured on this server (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are unset)." });
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const header = req.headers["stripe-signature"];
      let event;
      try {
        event = constructStripeEvent(billing, { rawBody, signature: Array.isArray(header) ? header[0] : header });
      } catch (error) {
        req.log.warn({ err: error }, "refused a Stripe webhook with a bad signature");
        return reply.code(400).send({ error: "The Stripe signature is missing or does not match STRIPE_WEBHOOK_SECRET." });
      }
      const outcome = await applyStripeEvent(deps.db, billing, event, {
        onPlanApplied: (applied) => enforcePlanAfterEvent(deps.db, applied, req.log),
        onPaymentFailed: ({ workspaceId }) => {
          notifyPaymentFailed(deps.db, deps.mail, { workspaceId }).catch((error: unknown) => req.log.warn({ err: error, workspaceId }, "emailing a failed payment to the owners failed"));
        },
      });
      req.log.info({ eventId: event.id, type: event.type, outcome }, "Stripe event");
      return reply.code(200).send({ received: true, outcome });
    });
  });
}

/** The event is recorded already: a failure here is logged, not answered 500 (a redelivery would be a no-op). */
async function enforcePlanAfterEvent(db: Db, applied: { workspaceId: string; plan: Plan }, log: FastifyBaseLogger): Promise<void> {
  try {
    const fallbacks = await enforcePlanOnBots(db, applied);
    if (fallbacks.length > 0) log.info({ workspaceId: applied.workspaceId, plan: applied.plan, bots: fallbacks.map((f) => f.botId) }, "bots fell back to the FAQ bot after a plan change");
  } catch (error) {
    log.error({ err: error, workspaceId: applied.workspaceId }, "switching bots to the plan's FAQ flow failed");
  }
}
