import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { Db, Plan } from "@chatwright/db";
import { isPrivateAddress } from "@chatwright/runtime";
import { assertEnterpriseFeature, hasEnterpriseFeature } from "../enterprise/enterprise";
import { DomainError } from "../errors";
import { generateWebhookSecret } from "./signWebhook";
import type { WebhookEventType } from "./webhookEvents";

/** Endpoints a workspace may have: one per system that listens, with room to spare. */
export const MAX_WEBHOOK_ENDPOINTS = 10;

export interface WebhookOptions {
  /** Self-hosted setups and tests whose receivers run on this machine or its network (HTTP_NODE_ALLOW_PRIVATE=1). */
  allowPrivate: boolean;
  /** Default: the system resolver. */
  resolve?: (hostname: string) => Promise<string[]>;
}

export interface WebhookEndpointSummary {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
}

export interface WebhookDeliverySummary {
  id: string;
  endpointId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
}

const endpointSelect = { id: true, url: true, events: true, createdAt: true } as const;
const deliverySelect = {
  id: true,
  endpointId: true,
  eventType: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  lastResponseStatus: true,
  lastError: true,
  createdAt: true,
} as const;

async function resolveAll(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true })).map((entry) => entry.address);
}

/**
 * The same guard as the http node's, said at once: a URL that is not http(s),
 * carries a password, or names (or resolves to) a private, local or metadata
 * address is refused before it is stored. Deliveries check again at connect
 * time (DNS can change), through the guarded client.
 */
export async function checkWebhookUrl(raw: string, options: WebhookOptions): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DomainError("BAD_REQUEST", "Enter the full address of your endpoint, e.g. https://example.com/chatwright-events.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new DomainError("BAD_REQUEST", "The address must start with https:// (or http://).");
  if (url.username || url.password) throw new DomainError("BAD_REQUEST", "Leave the user name and password out of the address; check the signature instead.");
  if (options.allowPrivate) return url.toString();
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : await (options.resolve ?? resolveAll)(host).catch(() => []);
  if (addresses.length === 0) throw new DomainError("BAD_REQUEST", `${host} could not be found. Check the address.`);
  if (host === "localhost" || addresses.some(isPrivateAddress)) {
    throw new DomainError("BAD_REQUEST", `${host} is a private or local address, which Chatwright does not send to. Use your endpoint's public address.`);
  }
  return url.toString();
}

export async function listWebhookEndpoints(db: Db, workspaceId: string): Promise<WebhookEndpointSummary[]> {
  return db.webhookEndpoint.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, select: endpointSelect });
}

/** Adds an endpoint (Enterprise) and returns its signing secret, once. */
export async function createWebhookEndpoint(
  db: Db,
  options: WebhookOptions,
  input: { workspaceId: string; plan: Plan; userId: string; url: string; events: readonly WebhookEventType[] },
): Promise<{ secret: string; endpoint: WebhookEndpointSummary }> {
  assertEnterpriseFeature(input.plan, "webhooks");
  const url = await checkWebhookUrl(input.url, options);
  const count = await db.webhookEndpoint.count({ where: { workspaceId: input.workspaceId } });
  if (count >= MAX_WEBHOOK_ENDPOINTS) throw new DomainError("PRECONDITION_FAILED", `This workspace already has ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints. Remove one you no longer use first.`);
  const secret = generateWebhookSecret();
  const events = [...new Set(input.events)];
  const endpoint = await db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.create({ data: { workspaceId: input.workspaceId, url, events, secret, createdById: input.userId }, select: endpointSelect });
    await tx.auditLog.create({ data: { workspaceId: input.workspaceId, userId: input.userId, action: "webhook.created", targetType: "WebhookEndpoint", targetId: row.id, metadata: { url, events } } });
    return row;
  });
  return { secret, endpoint };
}

/** Removing works on every plan (a downgraded workspace can still stop the traffic); its pending deliveries go with it. */
export async function deleteWebhookEndpoint(db: Db, input: { workspaceId: string; userId: string; endpointId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: input.endpointId, workspaceId: input.workspaceId }, select: { id: true, url: true } });
    if (!endpoint) throw new DomainError("NOT_FOUND", "This webhook endpoint was not found in this workspace.");
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await tx.auditLog.create({ data: { workspaceId: input.workspaceId, userId: input.userId, action: "webhook.deleted", targetType: "WebhookEndpoint", targetId: endpoint.id, metadata: { url: endpoint.url } } });
  });
}

/** The newest deliveries of the workspace's endpoints (or of one), for the log in Settings. */
export async function listWebhookDeliveries(db: Db, input: { workspaceId: string; endpointId?: string; limit: number }): Promise<WebhookDeliverySummary[]> {
  return db.webhookDelivery.findMany({
    where: { workspaceId: input.workspaceId, ...(input.endpointId ? { endpointId: input.endpointId } : {}) },
    orderBy: { createdAt: "desc" },
    take: input.limit,
    select: deliverySelect,
  });
}

/** The JSON body every delivery sends (Standard Webhooks' shape). */
export function webhookBodyOf(input: { type: string; timestamp: Date; data: Record<string, unknown> }): string {
  return JSON.stringify({ type: input.type, timestamp: input.timestamp.toISOString(), data: input.data });
}

/** "Send test event": a webhook.test delivery, due now (the sweeper sends it within seconds). */
export async function sendTestWebhookEvent(db: Db, input: { workspaceId: string; plan: Plan; endpointId: string; now: Date }): Promise<WebhookDeliverySummary> {
  assertEnterpriseFeature(input.plan, "webhooks");
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: input.endpointId, workspaceId: input.workspaceId }, select: { id: true } });
  if (!endpoint) throw new DomainError("NOT_FOUND", "This webhook endpoint was not found in this workspace.");
  return db.webhookDelivery.create({
    data: {
      workspaceId: input.workspaceId,
      endpointId: endpoint.id,
      eventType: "webhook.test",
      body: webhookBodyOf({ type: "webhook.test", timestamp: input.now, data: { message: "A test event from Chatwright: your endpoint is reachable and can check signatures." } }),
      nextAttemptAt: input.now,
      createdAt: input.now,
    },
    select: deliverySelect,
  });
}

/** Stores one delivery per endpoint of an Enterprise workspace that subscribed to this event type; returns how many. */
export async function enqueueWebhookEvent(db: Db, input: { workspaceId: string; type: WebhookEventType; data: Record<string, unknown>; now: Date }): Promise<number> {
  const endpoints = await db.webhookEndpoint.findMany({ where: { workspaceId: input.workspaceId, events: { has: input.type } }, select: { id: true, workspace: { select: { plan: true } } } });
  const first = endpoints[0];
  if (!first || !hasEnterpriseFeature(first.workspace.plan, "webhooks")) return 0;
  const body = webhookBodyOf({ type: input.type, timestamp: input.now, data: input.data });
  const created = await db.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({ workspaceId: input.workspaceId, endpointId: endpoint.id, eventType: input.type, body, nextAttemptAt: input.now, createdAt: input.now })),
  });
  return created.count;
}
