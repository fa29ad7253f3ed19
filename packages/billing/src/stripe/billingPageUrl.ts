import type { StripeBilling } from "./createStripeBilling";

/** The dashboard's billing page, where Stripe sends the owner back. */
export function billingPageUrl(billing: Pick<StripeBilling, "publicUrl">, workspaceId: string, checkout?: "success" | "cancelled"): string {
  const url = `${billing.publicUrl}/w/${encodeURIComponent(workspaceId)}/billing`;
  return checkout ? `${url}?checkout=${checkout}` : url;
}
