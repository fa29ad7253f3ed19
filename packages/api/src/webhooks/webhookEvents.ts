import { z } from "zod";

/** What an endpoint can subscribe to. "webhook.test" is sent only by "Send test event". */
export const WEBHOOK_EVENT_TYPES = ["conversation.started", "conversation.handed_off", "conversation.closed", "message.created"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose events from conversation.started, conversation.handed_off, conversation.closed and message.created." });

/** Attempts per delivery, and the wait after each failed one: 5 attempts over about an hour. */
export const WEBHOOK_MAX_ATTEMPTS = 5;
export const WEBHOOK_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 40 * 60_000] as const;

/** When the attempt after `attempts` failed ones is due; null when the delivery is given up. */
export function nextWebhookAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= WEBHOOK_MAX_ATTEMPTS) return null;
  const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1] ?? WEBHOOK_RETRY_DELAYS_MS[WEBHOOK_RETRY_DELAYS_MS.length - 1];
  return new Date(now.getTime() + (delay ?? 0));
}
