import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeBilling } from "@chatwright/billing/stripe";
import { startFakeStripe, type FakeStripe } from "@chatwright/billing/testing";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
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
  const services = createTestServices(db, { now: () => now, billing });
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
