import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeBilling } from "@chatwright/billing/stripe";
import { startFakeStripe, type FakeStripe } from "@chatwright/billing/testing";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import type { OperatorNotice } from "../context";
import { createTestBrowser, createTestServices, type TestBrowser } from "../testing";

let db: MigratedTestDatabase;
let stripe: FakeStripe;
let owner: TestBrowser;
let admin: TestBrowser;
let agent: TestBrowser;
let stranger: TestBrowser;
let unconfigured: TestBrowser;
let workspaceId: string;
const now = new Date("2026-11-20T12:00:00Z");
const operatorNotices: OperatorNotice[] = [];
let isOperatorReachable = true;

beforeAll(async () => {
  db = await createTestDatabase();
  stripe = await startFakeStripe();
  const billing = createStripeBilling({
    secretKey: "sk_test_fake",
    webhookSecret: "whsec_test",
    prices: { STARTER: "price_starter", PRO: "price_pro" },
    publicUrl: "https://app.chatwright.test/",
    api: stripe.api,
  });
  const notifyOperator = async (notice: OperatorNotice) => {
    if (!isOperatorReachable) throw new Error("SMTP is down");
    operatorNotices.push(notice);
  };
  const services = createTestServices(db, { now: () => now, billing, notifyOperator });
  owner = createTestBrowser(services);
  admin = createTestBrowser(services);
  agent = createTestBrowser(services);
  stranger = createTestBrowser(services);
  workspaceId = (await owner.caller.auth.signUp({ email: "owner@billing.test", password: "owner password 1", name: "Owner" })).workspaceId;
  await stranger.caller.auth.signUp({ email: "stranger@billing.test", password: "stranger password 1", name: "Stranger" });
  for (const [browser, role] of [
    [admin, "ADMIN"],
    [agent, "AGENT"],
  ] as const) {
    const email = `${role.toLowerCase()}@billing.test`;
    await browser.caller.auth.signUp({ email, password: "member password 1", name: role });
    const invitation = await owner.caller.workspaces.invite({ workspaceId, email, role });
    await browser.caller.workspaces.acceptInvitation({ token: invitation.token });
  }
  // The same owner on a server without STRIPE_SECRET_KEY.
  unconfigured = createTestBrowser(createTestServices(db, { now: () => now }));
  await unconfigured.caller.auth.signIn({ email: "owner@billing.test", password: "owner password 1" });
});
afterAll(async () => {
  await stripe.close();
  await db.close();
});

describe("billing.status", () => {
  it("shows the owner the plan and this month's visitor messages against the quota", async () => {
    await db.prisma.usageCounter.create({ data: { workspaceId, month: "2026-11", visitorMessages: 123 } });
    await db.prisma.usageCounter.create({ data: { workspaceId, month: "2026-10", visitorMessages: 999 } });
    await expect(owner.caller.billing.status({ workspaceId })).resolves.toEqual({
      isConfigured: true,
      plan: "FREE",
      planName: "Free",
      priceUsdPerMonth: 0,
      subscriptionStatus: null,
      hasCustomer: false,
      hasSubscription: false,
      usage: { month: "2026-11", visitorMessages: 123, quota: 500 },
      incidents: [],
      enterpriseRequest: null,
    });
  });

  it("is for owners only, and another tenant's workspace does not exist", async () => {
    await expect(admin.caller.billing.status({ workspaceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.billing.status({ workspaceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.billing.checkout({ workspaceId, plan: "PRO" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.billing.portal({ workspaceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(stranger.caller.billing.status({ workspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.caller.billing.checkout({ workspaceId, plan: "PRO" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("says billing is not configured when the server has no Stripe key, and the rest works", async () => {
    await expect(unconfigured.caller.billing.status({ workspaceId })).resolves.toMatchObject({ isConfigured: false, plan: "FREE" });
    const requestsBefore = stripe.requests.length;
    await expect(unconfigured.caller.billing.checkout({ workspaceId, plan: "STARTER" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("Billing is not configured") as unknown,
    });
    await expect(unconfigured.caller.billing.portal({ workspaceId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(stripe.requests.length).toBe(requestsBefore);
    await expect(unconfigured.caller.bots.list({ workspaceId })).resolves.toEqual([]);
  });
});

describe("billing.checkout and billing.portal through the Stripe SDK (local stand-in)", () => {
  it("refuses the portal before there is a Stripe customer", async () => {
    await expect(owner.caller.billing.portal({ workspaceId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("Choose a plan first") as unknown });
  });

  it("opens Checkout in subscription mode for the plan's price, naming the workspace", async () => {
    const { url } = await owner.caller.billing.checkout({ workspaceId, plan: "PRO" });
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_fake\d+$/);
    const sent = stripe.requests.at(-1);
    expect(sent).toMatchObject({ method: "POST", path: "/v1/checkout/sessions", authorization: "Bearer sk_test_fake" });
    expect(sent?.form).toMatchObject({
      mode: "subscription",
      "line_items[0][price]": "price_pro",
      "line_items[0][quantity]": "1",
      client_reference_id: workspaceId,
      customer_email: "owner@billing.test",
      "metadata[workspaceId]": workspaceId,
      "metadata[plan]": "PRO",
      "subscription_data[metadata][workspaceId]": workspaceId,
      success_url: `https://app.chatwright.test/w/${workspaceId}/billing?checkout=success`,
      cancel_url: `https://app.chatwright.test/w/${workspaceId}/billing?checkout=cancelled`,
    });
    await owner.caller.billing.checkout({ workspaceId, plan: "STARTER" });
    expect(stripe.requests.at(-1)?.form["line_items[0][price]"]).toBe("price_starter");
  });

  it("refuses plans that are not sold through Checkout", async () => {
    await expect(owner.caller.billing.checkout({ workspaceId, plan: "ENTERPRISE" as "PRO" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.caller.billing.checkout({ workspaceId, plan: "FREE" as "PRO" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reports Stripe's refusal in plain words", async () => {
    stripe.failNext(400, "No such price: 'price_pro'");
    await expect(owner.caller.billing.checkout({ workspaceId, plan: "PRO" })).rejects.toMatchObject({ message: expect.stringContaining("No such price") as unknown });
  });

  it("once subscribed: the portal opens for the customer, and a second Checkout is refused", async () => {
    await db.prisma.workspace.update({ where: { id: workspaceId }, data: { plan: "PRO", stripeCustomerId: "cus_123", stripeSubscriptionId: "sub_123", subscriptionStatus: "active" } });
    const { url } = await owner.caller.billing.portal({ workspaceId });
    expect(url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\/bps_fake\d+$/);
    expect(stripe.requests.at(-1)).toMatchObject({
      path: "/v1/billing_portal/sessions",
      form: { customer: "cus_123", return_url: `https://app.chatwright.test/w/${workspaceId}/billing` },
    });
    await expect(owner.caller.billing.checkout({ workspaceId, plan: "STARTER" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("Manage billing") as unknown });
    await expect(owner.caller.billing.status({ workspaceId })).resolves.toMatchObject({
      plan: "PRO",
      planName: "Pro",
      priceUsdPerMonth: 29,
      subscriptionStatus: "active",
      hasCustomer: true,
      hasSubscription: true,
      usage: { quota: null },
    });
  });

  it("after a cancellation, Checkout reuses the workspace's Stripe customer", async () => {
    await db.prisma.workspace.update({ where: { id: workspaceId }, data: { plan: "FREE", stripeSubscriptionId: null, subscriptionStatus: "canceled" } });
    await owner.caller.billing.checkout({ workspaceId, plan: "STARTER" });
    const form = stripe.requests.at(-1)?.form ?? {};
    expect(form["customer"]).toBe("cus_123");
    expect(form["customer_email"]).toBeUndefined();
  });
});

describe("changing plans from the Billing page (prorated)", () => {
  let shop: string;
  const subId = "sub_change";
  beforeAll(async () => {
    shop = (await owner.caller.workspaces.create({ name: "Changing shop" })).id;
    await db.prisma.workspace.update({ where: { id: shop }, data: { plan: "STARTER", stripeCustomerId: "cus_change", stripeSubscriptionId: subId, subscriptionStatus: "active" } });
    stripe.setSubscription({ id: subId, customer: "cus_change", status: "active", price: "price_starter", metadata: { workspaceId: shop } });
  });

  it("previews the upgrade's prorated invoice and changes nothing", async () => {
    const preview = await owner.caller.billing.previewPlanChange({ workspaceId: shop, plan: "PRO" });
    expect(preview).toEqual({
      plan: "PRO",
      currency: "usd",
      amountDueNow: 950,
      prorationTotal: 950,
      lines: [
        { description: "Unused time on price_starter after 16 Dec 2026", amount: -500 },
        { description: "Remaining time on price_pro after 16 Dec 2026", amount: 1450 },
      ],
    });
    expect(stripe.requests.at(-1)).toMatchObject({
      path: "/v1/invoices/create_preview",
      form: { subscription: subId, "subscription_details[items][0][id]": `si_${subId}`, "subscription_details[items][0][price]": "price_pro", "subscription_details[proration_behavior]": "always_invoice" },
    });
    expect(stripe.subscription(subId)?.price).toBe("price_starter");
    await expect(owner.caller.billing.previewPlanChange({ workspaceId: shop, plan: "STARTER" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: "This workspace is already on that plan." });
  });

  it("upgrades in Stripe and applies the new plan at once", async () => {
    await owner.caller.billing.changePlan({ workspaceId: shop, plan: "PRO" });
    expect(stripe.requests.at(-2)).toMatchObject({ method: "POST", path: `/v1/subscriptions/${subId}`, form: { "items[0][id]": `si_${subId}`, "items[0][price]": "price_pro", proration_behavior: "always_invoice" } });
    await expect(owner.caller.billing.status({ workspaceId: shop })).resolves.toMatchObject({ plan: "PRO", subscriptionStatus: "active" });
    const audit = await db.prisma.auditLog.findFirst({ where: { workspaceId: shop, action: "workspace.plan_set" }, orderBy: { createdAt: "desc" } });
    expect(audit?.metadata).toMatchObject({ plan: "PRO", from: "STARTER", stripeEventId: expect.stringMatching(/^chatwright_plan_change_sub_change_/) as unknown });
  });

  it("downgrades back to Starter, a credit and nothing due now", async () => {
    const preview = await owner.caller.billing.previewPlanChange({ workspaceId: shop, plan: "STARTER" });
    expect(preview).toMatchObject({ amountDueNow: 0, prorationTotal: -950 });
    await owner.caller.billing.changePlan({ workspaceId: shop, plan: "STARTER" });
    await expect(owner.caller.billing.status({ workspaceId: shop })).resolves.toMatchObject({ plan: "STARTER" });
  });

  it("is refused without a live subscription, for admins, and says why when Stripe fails", async () => {
    await expect(admin.caller.billing.changePlan({ workspaceId, plan: "PRO" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const fresh = (await owner.caller.workspaces.create({ name: "Fresh shop" })).id;
    await expect(owner.caller.billing.previewPlanChange({ workspaceId: fresh, plan: "PRO" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("Choose a plan first") as unknown });
    stripe.setSubscription({ id: subId, customer: "cus_change", status: "unpaid", price: "price_starter" });
    await expect(owner.caller.billing.changePlan({ workspaceId: shop, plan: "PRO" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("unpaid") as unknown });
    stripe.setSubscription({ id: subId, customer: "cus_change", status: "active", price: "price_starter" });
    stripe.failNext(402, "Your card was declined.");
    await expect(owner.caller.billing.changePlan({ workspaceId: shop, plan: "PRO" })).rejects.toMatchObject({ message: expect.stringContaining("card was declined") as unknown });
    await expect(owner.caller.billing.status({ workspaceId: shop })).resolves.toMatchObject({ plan: "STARTER" });
  });
});

describe("refunds and disputes on the Billing page", () => {
  it("lists what Stripe reported, newest first", async () => {
    await db.prisma.billingIncident.createMany({
      data: [
        { workspaceId, kind: "refund", stripeObjectId: "ch_1", amount: 1000, currency: "usd", status: "partial", stripeEventId: "evt_1", createdAt: new Date("2026-11-01T00:00:00Z") },
        { workspaceId, kind: "dispute", stripeObjectId: "du_1", amount: 2900, currency: "usd", status: "needs_response", reason: "fraudulent", stripeEventId: "evt_2", createdAt: new Date("2026-11-10T00:00:00Z") },
      ],
    });
    const { incidents } = await owner.caller.billing.status({ workspaceId });
    expect(incidents.map((i) => [i.kind, i.amount, i.status, i.reason])).toEqual([
      ["dispute", 2900, "needs_response", "fraudulent"],
      ["refund", 1000, "partial", null],
    ]);
  });
});

describe("asking for Enterprise from the Billing page", () => {
  const request = { contactName: "Owner", email: "owner@billing.test", phone: "+44 20 7946 0000", message: "We need white-label and API keys for 12 shops." };

  it("stores the request, tells the operator, and shows it; a second one the same day is refused", async () => {
    const sent = await owner.caller.billing.requestEnterprise({ workspaceId, ...request });
    expect(sent).toEqual({ createdAt: now, isOperatorNotified: true });
    const stored = await db.prisma.enterpriseRequest.findFirstOrThrow({ where: { workspaceId } });
    expect(stored).toMatchObject({ contactName: "Owner", email: "owner@billing.test", phone: "+44 20 7946 0000", message: request.message, notifiedAt: now });
    expect(operatorNotices).toEqual([
      expect.objectContaining({ kind: "enterpriseRequest", workspaceId, subject: expect.stringMatching(/^Enterprise request from /) as unknown, text: expect.stringContaining("12 shops") as unknown }),
    ]);
    await expect(owner.caller.billing.status({ workspaceId })).resolves.toMatchObject({ enterpriseRequest: { createdAt: now, contactName: "Owner", email: "owner@billing.test" } });
    await expect(owner.caller.billing.requestEnterprise({ workspaceId, ...request })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("keeps the request when the operator cannot be told, and refuses admins, empty messages and Enterprise workspaces", async () => {
    const shop = (await owner.caller.workspaces.create({ name: "Quiet shop" })).id;
    isOperatorReachable = false;
    await expect(owner.caller.billing.requestEnterprise({ workspaceId: shop, ...request })).resolves.toEqual({ createdAt: now, isOperatorNotified: false });
    isOperatorReachable = true;
    expect(await db.prisma.enterpriseRequest.findFirstOrThrow({ where: { workspaceId: shop } })).toMatchObject({ notifiedAt: null });
    await expect(admin.caller.billing.requestEnterprise({ workspaceId, ...request })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = (await owner.caller.workspaces.create({ name: "Big shop" })).id;
    await expect(owner.caller.billing.requestEnterprise({ workspaceId: other, ...request, message: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await db.prisma.workspace.update({ where: { id: other }, data: { plan: "ENTERPRISE" } });
    await expect(owner.caller.billing.requestEnterprise({ workspaceId: other, ...request })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});
