import { z } from "zod";
import type { Db, Plan, Prisma } from "@chatwright/db";
import { isPurchasablePlan } from "../plans";
import type { StripeBilling } from "./createStripeBilling";
import { planOfSubscription } from "./planOfSubscription";
import { readCurrentStripeState, type CurrentStripeState } from "./readCurrentStripeState";
import { recordBillingIncident } from "./recordBillingIncident";

/** The parts of a verified event we read; everything else in Stripe's payload is ignored. */
const eventSchema = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.object({ object: z.unknown() }) });

const idOf = z.union([z.string(), z.object({ id: z.string() })]).transform((value) => (typeof value === "string" ? value : value.id));
const metadataSchema = z.record(z.string(), z.string()).nullish().transform((value) => value ?? {});

const checkoutSessionSchema = z.object({
  mode: z.string(),
  client_reference_id: z.string().nullish(),
  customer: idOf.nullish(),
  subscription: idOf.nullish(),
  metadata: metadataSchema,
});

const subscriptionSchema = z.object({
  id: z.string(),
  customer: idOf,
  status: z.string(),
  items: z.object({ data: z.array(z.object({ price: z.object({ id: z.string() }) })) }),
  metadata: metadataSchema,
});

const invoiceSchema = z.object({
  customer: idOf.nullish(),
  parent: z.object({ subscription_details: z.object({ subscription: idOf.nullish() }).nullish() }).nullish(),
});

const uuidSchema = z.uuid();

export type StripeEventOutcome = "applied" | "duplicate" | "ignored";

/** What the caller does once an event's change is committed (e.g. email the owners); not awaited. */
export interface StripeEventEffects {
  /** After a subscription, refund or dispute event changed the workspace's billing: the plan it has now (awaited; the callback handles its own failures). */
  onPlanApplied?(applied: { workspaceId: string; plan: Plan }): Promise<void> | void;
  onPaymentFailed?(payment: { workspaceId: string }): void;
}

type Tx = Prisma.TransactionClient;

interface WorkspaceBilling {
  id: string;
  plan: Plan;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
}

const WORKSPACE_BILLING = { id: true, plan: true, stripeCustomerId: true, stripeSubscriptionId: true } as const;

/**
 * Applies one verified Stripe event to the workspace it concerns. The event
 * id is recorded (StripeEvent) in the same transaction as its effect, so a
 * redelivery or replay of the same event changes nothing, and a failure
 * leaves no record: Stripe retries and the event is applied then.
 *
 * Order does not matter: a subscription event applies the subscription as
 * Stripe has it now (retrieved first, readCurrentStripeState), not the
 * event's copy, so a late "updated" cannot undo a later "deleted". Refunds
 * and disputes are recorded (BillingIncident) and the plan again follows the
 * subscription's current state.
 */
export async function applyStripeEvent(
  db: Db,
  billing: Pick<StripeBilling, "planOfPrice" | "stripe">,
  event: unknown,
  effects: StripeEventEffects = {},
): Promise<StripeEventOutcome> {
  const { id, type, data } = eventSchema.parse(event);
  const current = await readCurrentStripeState(db, billing, type, data.object);
  let failedPaymentWorkspaceId: string | null = null;
  const outcome = await db.$transaction(async (tx): Promise<StripeEventOutcome> => {
    const recorded = await tx.stripeEvent.createMany({ data: [{ id, type }], skipDuplicates: true });
    if (recorded.count === 0) return "duplicate";
    switch (type) {
      case "checkout.session.completed":
        return completeCheckout(tx, checkoutSessionSchema.parse(data.object), id);
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted":
        return followSubscription(tx, billing, subscriptionSchema.parse(current.subscription ?? data.object), id);
      case "charge.refunded":
      case "charge.dispute.created":
      case "charge.dispute.updated":
      case "charge.dispute.closed":
        return recordIncident(tx, billing, { type, object: data.object, current }, id);
      case "invoice.payment_failed": {
        const failed = await markPaymentFailed(tx, invoiceSchema.parse(data.object), id);
        failedPaymentWorkspaceId = failed.workspaceId;
        return failed.outcome;
      }
      default:
        return "ignored";
    }
  });
  // After the commit: bots whose flow the plan no longer runs fall back (the caller's enforcePlanOnBots).
  if (outcome === "applied" && effects.onPlanApplied) {
    const workspace = await findAppliedWorkspace(db, type, data.object, current);
    if (workspace) await effects.onPlanApplied({ workspaceId: workspace.id, plan: workspace.plan });
  }
  // After the commit: a redelivered event (duplicate) tells nobody twice.
  if (failedPaymentWorkspaceId !== null) effects.onPaymentFailed?.({ workspaceId: failedPaymentWorkspaceId });
  return outcome;
}

async function findWorkspace(tx: Tx, keys: { subscriptionId?: string | null; customerId?: string | null; workspaceId?: string | undefined }): Promise<WorkspaceBilling | null> {
  if (keys.subscriptionId) {
    const bySubscription = await tx.workspace.findUnique({ where: { stripeSubscriptionId: keys.subscriptionId }, select: WORKSPACE_BILLING });
    if (bySubscription) return bySubscription;
  }
  if (keys.customerId) {
    const byCustomer = await tx.workspace.findUnique({ where: { stripeCustomerId: keys.customerId }, select: WORKSPACE_BILLING });
    if (byCustomer) return byCustomer;
  }
  // Our Checkout puts the workspace id in the session's and the subscription's metadata.
  if (keys.workspaceId && uuidSchema.safeParse(keys.workspaceId).success) {
    return tx.workspace.findUnique({ where: { id: keys.workspaceId }, select: WORKSPACE_BILLING });
  }
  return null;
}

async function saveBilling(
  tx: Tx,
  workspace: WorkspaceBilling,
  change: { plan: Plan; subscriptionStatus: string | null; stripeCustomerId?: string | null; stripeSubscriptionId?: string | null },
  eventId: string,
): Promise<"applied"> {
  await tx.workspace.update({
    where: { id: workspace.id },
    data: {
      plan: change.plan,
      subscriptionStatus: change.subscriptionStatus,
      ...(change.stripeCustomerId !== undefined ? { stripeCustomerId: change.stripeCustomerId } : {}),
      ...(change.stripeSubscriptionId !== undefined ? { stripeSubscriptionId: change.stripeSubscriptionId } : {}),
    },
  });
  if (change.plan !== workspace.plan) {
    await tx.auditLog.create({
      data: { workspaceId: workspace.id, action: "workspace.plan_set", metadata: { plan: change.plan, from: workspace.plan, stripeEventId: eventId } },
    });
  }
  return "applied";
}

async function completeCheckout(tx: Tx, session: z.infer<typeof checkoutSessionSchema>, eventId: string): Promise<StripeEventOutcome> {
  if (session.mode !== "subscription") return "ignored";
  const workspace = await findWorkspace(tx, { workspaceId: session.client_reference_id ?? session.metadata["workspaceId"] });
  if (!workspace) return "ignored";
  const plan = session.metadata["plan"];
  return saveBilling(
    tx,
    workspace,
    {
      plan: plan && isPurchasablePlan(plan) ? plan : workspace.plan,
      subscriptionStatus: "active",
      stripeCustomerId: session.customer ?? workspace.stripeCustomerId,
      stripeSubscriptionId: session.subscription ?? workspace.stripeSubscriptionId,
    },
    eventId,
  );
}

async function updateSubscription(
  tx: Tx,
  billing: Pick<StripeBilling, "planOfPrice">,
  subscription: z.infer<typeof subscriptionSchema>,
  eventId: string,
): Promise<StripeEventOutcome> {
  const workspace = await findWorkspace(tx, { subscriptionId: subscription.id, customerId: subscription.customer, workspaceId: subscription.metadata["workspaceId"] });
  if (!workspace) return "ignored";
  const plan = planOfSubscription({
    status: subscription.status,
    pricePlan: subscription.items.data[0] ? billing.planOfPrice(subscription.items.data[0].price.id) : null,
    currentPlan: workspace.plan,
  });
  // An older subscription of this workspace ending must not touch the one it pays now.
  if (isAnotherSubscription(workspace, subscription.id) && plan === "FREE") return "ignored";
  return saveBilling(tx, workspace, { plan, subscriptionStatus: subscription.status, stripeCustomerId: subscription.customer, stripeSubscriptionId: subscription.id }, eventId);
}

async function endSubscription(tx: Tx, subscription: z.infer<typeof subscriptionSchema>, eventId: string): Promise<StripeEventOutcome> {
  const workspace = await findWorkspace(tx, { subscriptionId: subscription.id, customerId: subscription.customer, workspaceId: subscription.metadata["workspaceId"] });
  if (!workspace || isAnotherSubscription(workspace, subscription.id)) return "ignored";
  return saveBilling(tx, workspace, { plan: "FREE", subscriptionStatus: "canceled", stripeSubscriptionId: null }, eventId);
}

async function markPaymentFailed(tx: Tx, invoice: z.infer<typeof invoiceSchema>, eventId: string): Promise<{ outcome: StripeEventOutcome; workspaceId: string | null }> {
  const subscriptionId = invoice.parent?.subscription_details?.subscription ?? null;
  const workspace = await findWorkspace(tx, { subscriptionId, customerId: invoice.customer ?? null });
  if (!workspace || (subscriptionId && isAnotherSubscription(workspace, subscriptionId))) return { outcome: "ignored", workspaceId: null };
  // The plan stays while Stripe retries the card; a final failure arrives as a subscription update (unpaid / canceled).
  return { outcome: await saveBilling(tx, workspace, { plan: workspace.plan, subscriptionStatus: "past_due" }, eventId), workspaceId: workspace.id };
}

function isAnotherSubscription(workspace: WorkspaceBilling, subscriptionId: string): boolean {
  return workspace.stripeSubscriptionId !== null && workspace.stripeSubscriptionId !== subscriptionId;
}

/** Stripe's current state of a subscription: ended (canceled, incomplete_expired) is the end, anything else an update. */
async function followSubscription(
  tx: Tx,
  billing: Pick<StripeBilling, "planOfPrice">,
  subscription: z.infer<typeof subscriptionSchema>,
  eventId: string,
): Promise<StripeEventOutcome> {
  return subscription.status === "canceled" || subscription.status === "incomplete_expired"
    ? endSubscription(tx, subscription, eventId)
    : updateSubscription(tx, billing, subscription, eventId);
}

async function recordIncident(
  tx: Tx,
  billing: Pick<StripeBilling, "planOfPrice">,
  incident: { type: string; object: unknown; current: CurrentStripeState },
  eventId: string,
): Promise<StripeEventOutcome> {
  const workspace = await findWorkspace(tx, { customerId: incident.current.customerId });
  if (!workspace) return "ignored";
  await recordBillingIncident(tx, { workspaceId: workspace.id, type: incident.type, object: incident.object, eventId });
  // A refund or a lost dispute does not decide the plan by itself; the subscription (often cancelled with it) does.
  if (incident.current.subscription !== null) await followSubscription(tx, billing, subscriptionSchema.parse(incident.current.subscription), eventId);
  return "applied";
}

/** The workspace a subscription, refund or dispute event concerns, read after the commit (saveBilling stored its customer id). */
async function findAppliedWorkspace(db: Db, type: string, object: unknown, current: CurrentStripeState): Promise<{ id: string; plan: Plan } | null> {
  const customerId = current.customerId ?? (type.startsWith("customer.subscription.") ? (subscriptionSchema.safeParse(current.subscription ?? object).data?.customer ?? null) : null);
  if (!customerId) return null;
  return db.workspace.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true, plan: true } });
}
