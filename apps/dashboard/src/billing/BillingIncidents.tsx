import { formatMoney } from "./formatMoney";

export interface BillingIncidentView {
  kind: "refund" | "dispute";
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  /** ISO dates, as JSON brings them. */
  createdAt: string;
  updatedAt: string;
}

const DISPUTE_STATUS: Record<string, string> = {
  warning_needs_response: "inquiry: Stripe needs your answer",
  warning_under_review: "inquiry under review",
  warning_closed: "inquiry closed",
  needs_response: "open: answer it in Stripe",
  under_review: "under review by the bank",
  won: "won",
  lost: "lost: the amount went back to the customer",
  charge_refunded: "closed: refunded",
};

function describeIncident(incident: BillingIncidentView): string {
  const amount = formatMoney(incident.amount, incident.currency);
  if (incident.kind === "refund") return `${incident.status === "full" ? "Refunded in full" : "Partly refunded"}: ${amount}`;
  const reason = incident.reason ? ` (${incident.reason.replaceAll("_", " ")})` : "";
  return `Payment disputed${reason}: ${amount}, ${DISPUTE_STATUS[incident.status] ?? incident.status.replaceAll("_", " ")}`;
}

/** Refunds and disputes Stripe reported; the plan follows the subscription, which Stripe may have ended with them. */
export function BillingIncidents({ incidents }: { incidents: readonly BillingIncidentView[] }) {
  return (
    <section aria-labelledby="incidents-heading" className="panel billing-incidents">
      <h2 id="incidents-heading">Refunds and disputes</h2>
      <ul>
        {incidents.map((incident, index) => (
          <li key={index} className={incident.kind === "dispute" && !["won", "warning_closed"].includes(incident.status) ? "is-dispute" : undefined}>
            <span>{describeIncident(incident)}</span>
            <time dateTime={incident.updatedAt}>{new Date(incident.updatedAt).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" })}</time>
          </li>
        ))}
      </ul>
      <p className="hint">Your plan follows your subscription: if it was cancelled with a refund or a lost dispute, the workspace is back on Free.</p>
    </section>
  );
}
