import type { Db } from "@chatwright/db";
import type { HttpRequest, HttpResponse } from "@chatwright/flow";
import { signWebhook } from "./signWebhook";
import { nextWebhookAttemptAt } from "./webhookEvents";

export interface WebhookDeliveryDeps {
  db: Db;
  /** The guarded HTTP client (createGuardedHttpClient): private and local addresses are refused at connect time. */
  post: (request: HttpRequest) => Promise<HttpResponse>;
  now: () => Date;
}

/** How long a sweeper holds a delivery it is sending, so another process's sweep skips it. */
const CLAIM_MS = 2 * 60_000;
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface WebhookSweep {
  attempted: number;
  succeeded: number;
  failed: number;
}

/**
 * Sends the deliveries that are due: each is claimed first (a conditional
 * update, so two processes never send the same attempt), sent signed, and
 * marked SUCCEEDED on a 2xx answer; otherwise its next attempt is scheduled
 * (1, 5, 15, 40 minutes) or, after the fifth, it is FAILED.
 */
export async function deliverDueWebhooks(deps: WebhookDeliveryDeps, options: { limit?: number } = {}): Promise<WebhookSweep> {
  const now = deps.now();
  const due = await deps.db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 20,
    select: { id: true, body: true, attempts: true, nextAttemptAt: true, endpoint: { select: { url: true, secret: true } } },
  });
  const sweep: WebhookSweep = { attempted: 0, succeeded: 0, failed: 0 };
  await Promise.all(
    due.map(async (delivery) => {
      const claimed = await deps.db.webhookDelivery.updateMany({
        where: { id: delivery.id, status: "PENDING", nextAttemptAt: delivery.nextAttemptAt },
        data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
      });
      if (claimed.count !== 1) return;
      sweep.attempted += 1;
      const timestamp = Math.floor(now.getTime() / 1000);
      let responseStatus: number | null = null;
      let error: string | null = null;
      try {
        const response = await deps.post({
          method: "POST",
          url: delivery.endpoint.url,
          headers: {
            "content-type": "application/json",
            "user-agent": "Chatwright-Webhooks/1",
            "webhook-id": delivery.id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signWebhook({ secret: delivery.endpoint.secret, id: delivery.id, timestamp, body: delivery.body }),
          },
          body: delivery.body,
          timeoutMs: ATTEMPT_TIMEOUT_MS,
        });
        responseStatus = response.status;
        if (response.status < 200 || response.status >= 300) error = `The endpoint answered ${response.status}.`;
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
      }
      const attempts = delivery.attempts + 1;
      const at = deps.now();
      const next = error === null ? null : nextWebhookAttemptAt(attempts, at);
      const status = error === null ? "SUCCEEDED" : next ? "PENDING" : "FAILED";
      if (status === "SUCCEEDED") sweep.succeeded += 1;
      else sweep.failed += 1;
      await deps.db.webhookDelivery.update({
        where: { id: delivery.id },
        data: { status, attempts, lastAttemptAt: at, lastResponseStatus: responseStatus, lastError: error?.slice(0, 500) ?? null, nextAttemptAt: next },
      });
    }),
  );
  return sweep;
}
