import { z } from "zod";
import type { Prisma } from "@chatwright/db";

const chargeSchema = z.object({ id: z.string(), amount: z.number().int(), amount_refunded: z.number().int(), currency: z.string() });
const disputeSchema = z.object({ id: z.string(), amount: z.number().int(), currency: z.string(), status: z.string(), reason: z.string().nullish() });

/** A dispute in one of these is decided; a late "needs_response" must not reopen it. */
const CLOSED_DISPUTE_STATUSES = new Set(["won", "lost", "warning_closed", "charge_refunded", "prevented"]);

export interface BillingIncidentChange {
  kind: "refund" | "dispute";
  status: string;
}

/**
 * Stores (or updates) the refund or dispute an event reports, one row per
 * charge refunded or dispute: a second partial refund of the same charge
 * updates the amount, a dispute moves from needs_response to won or lost. The
 * plan is not decided here: it follows the subscription (applyStripeEvent).
 */
export async function recordBillingIncident(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; type: string; object: unknown; eventId: string },
): Promise<BillingIncidentChange> {
  const incident =
    input.type === "charge.refunded"
      ? (() => {
          const charge = chargeSchema.parse(input.object);
          return {
            kind: "refund" as const,
            stripeObjectId: charge.id,
            amount: charge.amount_refunded,
            currency: charge.currency,
            status: charge.amount_refunded >= charge.amount ? "full" : "partial",
            reason: null,
          };
        })()
      : (() => {
          const dispute = disputeSchema.parse(input.object);
          return { kind: "dispute" as const, stripeObjectId: dispute.id, amount: dispute.amount, currency: dispute.currency, status: dispute.status, reason: dispute.reason ?? null };
        })();
  const { kind, stripeObjectId, ...reported } = incident;
  // Events come in any order: a refund's amount only grows, a closed dispute stays closed.
  const stored = await tx.billingIncident.findUnique({ where: { kind_stripeObjectId: { kind, stripeObjectId } }, select: { amount: true, status: true } });
  const isStale = stored !== null && (kind === "refund" ? stored.amount > reported.amount : CLOSED_DISPUTE_STATUSES.has(stored.status) && !CLOSED_DISPUTE_STATUSES.has(reported.status));
  const details = isStale ? { ...reported, amount: stored.amount, status: stored.status } : reported;
  await tx.billingIncident.upsert({
    where: { kind_stripeObjectId: { kind, stripeObjectId } },
    create: { workspaceId: input.workspaceId, kind, stripeObjectId, ...details, stripeEventId: input.eventId },
    update: { ...details, stripeEventId: input.eventId },
  });
  await tx.auditLog.create({
    data: { workspaceId: input.workspaceId, action: `billing.${kind}`, targetType: "BillingIncident", targetId: stripeObjectId, metadata: { status: details.status, amount: details.amount, currency: details.currency, stripeEventId: input.eventId } },
  });
  return { kind, status: details.status };
}
