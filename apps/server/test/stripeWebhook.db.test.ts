import type { FastifyInstance } from "fastify";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestServices } from "@chatwright/api/testing";
import { createStripeBilling } from "@chatwright/billing/stripe";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { buildApp } from "../src/app";

const WEBHOOK_SECRET = "whsec_test_secret";
let db: MigratedTestDatabase;
let app: FastifyInstance;
let unconfiguredApp: FastifyInstance;
let base: string;
let unconfiguredBase: string;
let workspaceId: string;
let eventCounter = 0;
/** Stripe ids unique to the test's workspace. */
let sub = "";
let cus = "";

beforeAll(async () => {
  db = await createTestDatabase();
  // The API is never called by the webhook: an unroutable address proves it.
  const billing = createStripeBilling({
    secretKey: "sk_test_unused",
    webhookSecret: WEBHOOK_SECRET,
    prices: { STARTER: "price_starter", PRO: "price_pro" },
    publicUrl: "http://localhost",
    api: { host: "127.0.0.1", port: 9, protocol: "http" },
  });
  app = await buildApp({ services: createTestServices(db, { billing }), databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  unconfiguredApp = await buildApp({ services: createTestServices(db), databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  unconfiguredBase = await unconfiguredApp.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  await unconfiguredApp.close();
  await db.close();
});
beforeEach(async () => {
  workspaceId = (await db.prisma.workspace.create({ data: { name: `Shop ${eventCounter}` } })).id;
  sub = `sub_${workspaceId.slice(0, 8)}`;
  cus = `cus_${workspaceId.slice(0, 8)}`;
});

function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_test_${++eventCounter}`) {
  return JSON.stringify({ id, object: "event", type, api_version: Stripe.API_VERSION, created: 1_795_000_000, livemode: false, data: { object } });
}

function subscription(overrides: { id?: string; customer?: string; status?: string; price?: string; workspaceId?: string | null } = {}) {
  return {
    id: overrides.id ?? sub,
    object: "subscription",
    customer: overrides.customer ?? cus,
    status: overrides.status ?? "active",
    items: { object: "list", data: [{ id: "si_1", object: "subscription_item", price: { id: overrides.price ?? "price_pro", object: "price" } }] },
    metadata: overrides.workspaceId === null ? {} : { workspaceId: overrides.workspaceId ?? workspaceId },
  };
}

async function deliver(payload: string, options: { signature?: string | null; secret?: string; body?: string } = {}) {
  const signature =
    options.signature === undefined ? Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET }) : options.signature;
  return fetch(`${base}/stripe/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", ...(signature === null ? {} : { "stripe-signature": signature }) },
    body: options.body ?? payload,
  });
}

const billingOf = () =>
  db.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { plan: true, subscriptionStatus: true, stripeCustomerId: true, stripeSubscriptionId: true } });

describe("POST /stripe/webhook", () => {
  it("applies a completed Checkout: customer, subscription and plan", async () => {
    const payload = stripeEvent("checkout.session.completed", {
      id: "cs_1",
      object: "checkout.session",
      mode: "subscription",
      client_reference_id: workspaceId,
      customer: cus,
      subscription: sub,
      metadata: { workspaceId, plan: "STARTER" },
    });
    const response = await deliver(payload);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "applied" });
    expect(await billingOf()).toEqual({ plan: "STARTER", subscriptionStatus: "active", stripeCustomerId: cus, stripeSubscriptionId: sub });
    const audit = await db.prisma.auditLog.findFirst({ where: { workspaceId, action: "workspace.plan_set" } });
    expect(audit?.metadata).toMatchObject({ plan: "STARTER", from: "FREE" });
  });

  it("follows the subscription's life: created, upgraded, payment failed, deleted (back to Free)", async () => {
    expect((await deliver(stripeEvent("customer.subscription.created", subscription({ price: "price_starter" })))).status).toBe(200);
    expect(await billingOf()).toEqual({ plan: "STARTER", subscriptionStatus: "active", stripeCustomerId: cus, stripeSubscriptionId: sub });
    await deliver(stripeEvent("customer.subscription.updated", subscription({ price: "price_pro", workspaceId: null })));
    expect(await billingOf()).toMatchObject({ plan: "PRO", subscriptionStatus: "active" });
    await deliver(
      stripeEvent("invoice.payment_failed", { id: "in_1", object: "invoice", customer: cus, parent: { type: "subscription_details", subscription_details: { subscription: sub } } }),
    );
    expect(await billingOf()).toMatchObject({ plan: "PRO", subscriptionStatus: "past_due" });
    await deliver(stripeEvent("customer.subscription.updated", subscription({ status: "unpaid" })));
    expect(await billingOf()).toMatchObject({ plan: "FREE", subscriptionStatus: "unpaid" });
    await deliver(stripeEvent("customer.subscription.updated", subscription({ status: "active" })));
    expect(await billingOf()).toMatchObject({ plan: "PRO", subscriptionStatus: "active" });
    await deliver(stripeEvent("customer.subscription.deleted", subscription({ status: "canceled" })));
    expect(await billingOf()).toEqual({ plan: "FREE", subscriptionStatus: "canceled", stripeCustomerId: cus, stripeSubscriptionId: null });
  });

  it("a canceled subscription downgrades to Free; an older subscription ending leaves the current one alone", async () => {
    await deliver(stripeEvent("customer.subscription.created", subscription({ id: "sub_new", customer: "cus_2", price: "price_pro" })));
    await deliver(stripeEvent("customer.subscription.deleted", subscription({ id: "sub_old", customer: "cus_2", status: "canceled" })));
    expect(await billingOf()).toMatchObject({ plan: "PRO", stripeSubscriptionId: "sub_new" });
    await deliver(stripeEvent("customer.subscription.updated", subscription({ id: "sub_new", customer: "cus_2", status: "canceled" })));
    expect(await billingOf()).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled" });
  });

  it("treats a replayed event as a no-op", async () => {
    const payload = stripeEvent("customer.subscription.created", subscription({ customer: "cus_3", price: "price_pro" }), "evt_replayed");
    expect(await (await deliver(payload)).json()).toEqual({ received: true, outcome: "applied" });
    // The owner downgrades by hand meanwhile; a replay of the old event must not undo it.
    await db.prisma.workspace.update({ where: { id: workspaceId }, data: { plan: "STARTER" } });
    const replay = await deliver(payload);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await billingOf()).toMatchObject({ plan: "STARTER" });
    expect(await db.prisma.stripeEvent.count({ where: { id: "evt_replayed" } })).toBe(1);
  });

  it("refuses a forged, missing or stale signature with 400 and changes nothing", async () => {
    const payload = stripeEvent("customer.subscription.created", subscription({ customer: "cus_4", price: "price_pro" }), "evt_forged");
    const forged = await deliver(payload, { secret: "whsec_someone_else" });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: string }).error).toContain("signature");
    expect((await deliver(payload, { signature: null })).status).toBe(400);
    // A correctly signed body that was altered on the way.
    const tampered = payload.replace("price_pro", "price_starter");
    expect((await deliver(payload, { body: tampered })).status).toBe(400);
    const stale = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await deliver(payload, { signature: stale })).status).toBe(400);
    expect(await billingOf()).toEqual({ plan: "FREE", subscriptionStatus: null, stripeCustomerId: null, stripeSubscriptionId: null });
    expect(await db.prisma.stripeEvent.count({ where: { id: "evt_forged" } })).toBe(0);
  });

  it("records and ignores events it does not handle or whose workspace is unknown", async () => {
    const other = await deliver(stripeEvent("customer.created", { id: "cus_9", object: "customer" }));
    expect(await other.json()).toEqual({ received: true, outcome: "ignored" });
    const stranger = await deliver(stripeEvent("customer.subscription.updated", subscription({ id: "sub_unknown", customer: "cus_unknown", workspaceId: null })));
    expect(await stranger.json()).toEqual({ received: true, outcome: "ignored" });
  });

  it("answers 503 without billing configured, and the rest of the server still answers", async () => {
    const payload = stripeEvent("customer.subscription.created", subscription());
    const response = await fetch(`${unconfiguredBase}/stripe/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
      body: payload,
    });
    expect(response.status).toBe(503);
    expect((await fetch(`${unconfiguredBase}/healthz`)).status).toBe(200);
    expect(await billingOf()).toMatchObject({ plan: "FREE" });
  });

  it("leaves JSON parsing of the other routes alone (tRPC still takes JSON bodies)", async () => {
    const response = await fetch(`${base}/trpc/auth.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email: "raw-body@shop.test", password: "a long password", name: "Raw" }),
    });
    expect(response.status).toBe(200);
  });
});
