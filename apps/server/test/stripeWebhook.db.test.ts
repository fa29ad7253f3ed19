import type { FastifyInstance } from "fastify";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestServices } from "@chatwright/api/testing";
import { setWorkspacePlan } from "@chatwright/api";
import { createStripeBilling } from "@chatwright/billing/stripe";
import { startFakeStripe, type FakeStripe } from "@chatwright/billing/testing";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { compileFlow, type FlowGraph } from "@chatwright/flow";
import { buildApp } from "../src/app";

const WEBHOOK_SECRET = "whsec_test_secret";
let db: MigratedTestDatabase;
let fakeStripe: FakeStripe;
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
  // The webhook reads a subscription's current state from Stripe (events arrive in any order): the local stand-in answers.
  fakeStripe = await startFakeStripe();
  const billing = createStripeBilling({
    secretKey: "sk_test_fake",
    webhookSecret: WEBHOOK_SECRET,
    prices: { STARTER: "price_starter", PRO: "price_pro" },
    publicUrl: "http://localhost",
    api: fakeStripe.api,
  });
  app = await buildApp({ services: createTestServices(db, { billing }), databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  unconfiguredApp = await buildApp({ services: createTestServices(db), databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  unconfiguredBase = await unconfiguredApp.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  await unconfiguredApp.close();
  await fakeStripe.close();
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

/**
 * An event's copy of a subscription. It also becomes Stripe's current state
 * (what a retrieve answers), as when events arrive in order; the out-of-order
 * tests set a newer state afterwards.
 */
function subscription(overrides: { id?: string; customer?: string; status?: string; price?: string; workspaceId?: string | null } = {}) {
  fakeStripe.setSubscription({
    id: overrides.id ?? sub,
    customer: overrides.customer ?? cus,
    status: overrides.status ?? "active",
    price: overrides.price ?? "price_pro",
    ...(overrides.workspaceId === null ? {} : { metadata: { workspaceId: overrides.workspaceId ?? workspaceId } }),
  });
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

const incidentsOf = () =>
  db.prisma.billingIncident.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" }, select: { kind: true, stripeObjectId: true, amount: true, currency: true, status: true, reason: true } });

function charge(overrides: { id?: string; amount?: number; refunded?: number } = {}) {
  const amount = overrides.amount ?? 2900;
  const refunded = overrides.refunded ?? amount;
  return { id: overrides.id ?? `ch_${sub}`, object: "charge", customer: cus, amount, amount_refunded: refunded, currency: "usd", refunded: refunded >= amount };
}

function dispute(status: string, overrides: { id?: string; charge?: string } = {}) {
  return { id: overrides.id ?? `du_${sub}`, object: "dispute", charge: overrides.charge ?? `ch_${sub}`, amount: 2900, currency: "usd", status, reason: "fraudulent" };
}

describe("events out of order: the subscription as Stripe has it now decides", () => {
  it("a late 'updated: active' after 'deleted' does not bring the plan back", async () => {
    await deliver(stripeEvent("customer.subscription.created", subscription({ price: "price_pro" })));
    const late = stripeEvent("customer.subscription.updated", subscription({ price: "price_pro", status: "active" }));
    await deliver(stripeEvent("customer.subscription.deleted", subscription({ status: "canceled" })));
    expect(await billingOf()).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled" });
    expect(await (await deliver(late)).json()).toEqual({ received: true, outcome: "applied" });
    expect(await billingOf()).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled", stripeSubscriptionId: null });
  });

  it("'created' (Starter) arriving after 'updated' (Pro) leaves Pro, which Stripe has now", async () => {
    const created = stripeEvent("customer.subscription.created", subscription({ price: "price_starter" }));
    const updated = stripeEvent("customer.subscription.updated", subscription({ price: "price_pro" }));
    await deliver(updated);
    await deliver(created);
    expect(await billingOf()).toMatchObject({ plan: "PRO", subscriptionStatus: "active", stripeSubscriptionId: sub });
  });

  it("an 'updated: past_due' delivered after the card was fixed applies 'active'", async () => {
    const stale = stripeEvent("customer.subscription.updated", subscription({ price: "price_starter", status: "past_due" }));
    subscription({ price: "price_starter", status: "active" });
    await deliver(stale);
    expect(await billingOf()).toMatchObject({ plan: "STARTER", subscriptionStatus: "active" });
  });

  it("when Stripe cannot be read, answers 500 and records nothing, so Stripe delivers the event again", async () => {
    const payload = stripeEvent("customer.subscription.updated", subscription({ price: "price_pro" }), "evt_unreadable");
    fakeStripe.failNext(401, "Invalid API Key provided");
    expect((await deliver(payload)).status).toBe(500);
    expect(await db.prisma.stripeEvent.count({ where: { id: "evt_unreadable" } })).toBe(0);
    expect(await (await deliver(payload)).json()).toEqual({ received: true, outcome: "applied" });
    expect(await billingOf()).toMatchObject({ plan: "PRO" });
  });
});

describe("refunds and disputes", () => {
  it("records a partial refund while the subscription goes on, then the full refund when Stripe cancels it", async () => {
    await deliver(stripeEvent("customer.subscription.created", subscription({ price: "price_pro" })));
    await deliver(stripeEvent("charge.refunded", charge({ refunded: 1000 })));
    expect(await incidentsOf()).toEqual([{ kind: "refund", stripeObjectId: `ch_${sub}`, amount: 1000, currency: "usd", status: "partial", reason: null }]);
    expect(await billingOf()).toMatchObject({ plan: "PRO", subscriptionStatus: "active" });

    const fullRefund = stripeEvent("charge.refunded", charge({ refunded: 2900 }));
    subscription({ price: "price_pro", status: "canceled" });
    await deliver(fullRefund);
    expect(await incidentsOf()).toEqual([expect.objectContaining({ amount: 2900, status: "full" })]);
    expect(await billingOf()).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled" });
    // The first, partial refund's event delivered again late (a new id: a retry of a different delivery) does not shrink it.
    await deliver(stripeEvent("charge.refunded", charge({ refunded: 1000 })));
    expect(await incidentsOf()).toEqual([expect.objectContaining({ amount: 2900, status: "full" })]);
  });

  it("records a dispute from its charge's customer, follows it to 'lost', and the plan follows the cancelled subscription", async () => {
    await deliver(stripeEvent("customer.subscription.created", subscription({ price: "price_starter" })));
    fakeStripe.setCharge({ id: `ch_${sub}`, customer: cus });
    await deliver(stripeEvent("charge.dispute.created", dispute("needs_response")));
    expect(await incidentsOf()).toEqual([{ kind: "dispute", stripeObjectId: `du_${sub}`, amount: 2900, currency: "usd", status: "needs_response", reason: "fraudulent" }]);
    expect(await billingOf()).toMatchObject({ plan: "STARTER" });

    const stale = stripeEvent("charge.dispute.updated", dispute("under_review"));
    subscription({ price: "price_starter", status: "canceled" });
    await deliver(stripeEvent("charge.dispute.closed", dispute("lost")));
    expect(await incidentsOf()).toEqual([expect.objectContaining({ status: "lost" })]);
    expect(await billingOf()).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled" });
    // A late update does not reopen a closed dispute.
    await deliver(stale);
    expect(await incidentsOf()).toEqual([expect.objectContaining({ status: "lost" })]);
    const audit = await db.prisma.auditLog.findMany({ where: { workspaceId, action: "billing.dispute" } });
    expect(audit.length).toBe(3);
  });

  it("ignores a refund of a customer it does not know", async () => {
    const stranger = await deliver(stripeEvent("charge.refunded", { ...charge(), customer: "cus_nobody" }));
    expect(await stranger.json()).toEqual({ received: true, outcome: "ignored" });
    expect(await incidentsOf()).toEqual([]);
  });
});

describe("a downgrade through Stripe with a published flow the new plan cannot run", () => {
  it("switches the bot to the FAQ bot and records why", async () => {
    await deliver(stripeEvent("customer.subscription.created", subscription({ price: "price_pro" })));
    const graph = {
      schemaVersion: 1,
      nodes: [
        { id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting: "Hello from the AI shop" } },
        { id: "listen", type: "listen", position: { x: 0, y: 100 }, data: {} },
        { id: "ai", type: "llm", position: { x: 0, y: 200 }, data: { prompt: "{{ last_message }}", systemPrompt: "Be brief.", model: "openai/gpt-4o-mini", temperature: 0, maxTokens: 80, useKnowledge: false } },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "next", target: "listen" },
        { id: "e2", source: "listen", sourceHandle: "next", target: "ai" },
        { id: "e3", source: "ai", sourceHandle: "next", target: "listen" },
      ],
    } as FlowGraph;
    const compiled = compileFlow(graph);
    if (!compiled.ok) throw new Error("the test graph must compile");
    const bot = await db.prisma.bot.create({ data: { workspaceId, name: "AI bot", publicKey: `pk_${workspaceId}` } });
    const flow = await db.prisma.flow.create({ data: { workspaceId, botId: bot.id, name: "AI flow", graph: graph as object } });
    await db.prisma.flowVersion.create({ data: { workspaceId, flowId: flow.id, number: 1, graph: graph as object, machine: compiled.machine as object } });
    await db.prisma.bot.update({ where: { id: bot.id }, data: { activeFlowId: flow.id } });

    await deliver(stripeEvent("customer.subscription.updated", subscription({ price: "price_starter" })));
    expect(await billingOf()).toMatchObject({ plan: "STARTER" });
    const active = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id }, select: { activeFlow: { select: { name: true } } } });
    expect(active.activeFlow?.name).toBe("FAQ bot");
    const entry = await db.prisma.auditLog.findFirst({ where: { workspaceId, action: "bot.plan_fallback" } });
    expect(entry?.metadata).toMatchObject({ plan: "STARTER", fromFlowName: "AI flow" });
    // Back on Pro, the owner's flow can run again (set active by them; the admin CLI path is the same rule).
    await setWorkspacePlan(db.prisma, { workspaceId, plan: "PRO" });
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).activeFlowId).not.toBe(flow.id);
  });
});
